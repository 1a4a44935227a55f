package org.nxm.compiler.encoding;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nxm.model.io.InputException;
import org.nxm.model.numeric.DType;
import org.nxm.model.sparsity.NmPattern;

/**
 * nxm's general N:M format, for any pattern and dtype.
 *
 * <ul>
 *   <li>values: {@code [rows, k·n/m]} of the dense dtype; per group of m the n kept elements in
 *       ascending index order.</li>
 *   <li>meta: uint8 {@code [rows, ⌈(k·n/m)·b / 8⌉]}, b = ⌈log2 m⌉: the in-group index of each kept
 *       value, in the same order as values, as b-bit fields packed densely LSB first (field t of a
 *       row occupies bits [t·b, t·b + b) of the row's little-endian bit string). Each row starts on
 *       a byte; bits after the last field are zero.</li>
 *   <li>Canonical padding: a group with fewer than n non-zeros keeps its non-zeros plus the lowest
 *       zero positions, so every group stores exactly n (index, value) pairs.</li>
 * </ul>
 */
public record NmEncoding(NmPattern pattern, DType dtype) implements Encoding {

    @Override
    public Layout layout() {
        return Layout.NM;
    }

    @Override
    public DType metaDtype() {
        return DType.U8;
    }

    private int bits() {
        return pattern.indexBits();
    }

    @Override
    public int metaCols(int cols) {
        long fields = (long) cols / pattern.m() * pattern.n();
        return (int) ((fields * bits() + 7) / 8);
    }

    @Override
    public String shapeProblem(int rows, int cols) {
        // an empty matrix holds nothing to encode, and its other dimension (up to 2^31-1, declared by a header
        // that needs no data bytes for it) would size loops that run for seconds per tensor: refused, as cutlass does
        if (rows == 0 || cols == 0) {
            return "shape [" + rows + ", " + cols + "]: the nm layout needs rows and k positive";
        }
        if (cols % pattern.m() != 0) {
            return "k = " + cols + " is not a multiple of m = " + pattern.m() + " (pattern " + pattern + ")";
        }
        return null;
    }

    /** The canonical kept set: the non-zeros plus the lowest zero positions, n in all. */
    static int canonicalKeep(int nonZeroMask, int n) {
        int keep = nonZeroMask;
        int count = Integer.bitCount(keep);
        for (int j = 0; count < n; j++) {
            if ((keep & (1 << j)) == 0) {
                keep |= 1 << j;
                count++;
            }
        }
        return keep;
    }

    private int nonZeroMask(ByteBuffer data, long base) {
        int mask = 0;
        for (int j = 0; j < pattern.m(); j++) {
            if (!Elements.isZero(dtype, Elements.get(data, dtype, base + j))) mask |= 1 << j;
        }
        return mask;
    }

    @Override
    public CompressedMatrix encode(DenseMatrix dense) {
        requireDtype(dense.dtype());
        String problem = shapeProblem(dense.rows(), dense.cols());
        if (problem != null) throw new InputException("nm layout: " + problem);
        if (Nm2of4For16BitKernels.applies(pattern, dtype)) return Nm2of4For16BitKernels.encode(this, dense);
        if (dtype.bytes() == 2 && bits() > 0) return NmAnyPattern16BitKernels.encode(this, dense);
        return encodeReference(dense);
    }

    /** The plain element-by-element encoder (all dtypes; the fast 16-bit path's test oracle). */
    CompressedMatrix encodeReference(DenseMatrix dense) {
        int rows = dense.rows(), cols = dense.cols(), m = pattern.m(), n = pattern.n(), b = bits();
        int vcols = cols / m * n;
        int mcols = metaCols(cols);
        ByteBuffer values = ByteBuffer.allocate(rows * vcols * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer meta = ByteBuffer.allocate(rows * mcols).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer src = dense.data();
        for (int r = 0; r < rows; r++) {
            BitWriter w = new BitWriter(meta, r * mcols);
            long v = (long) r * vcols;
            for (int g = 0; g < cols / m; g++) {
                long base = (long) r * cols + (long) g * m;
                int nz = nonZeroMask(src, base);
                if (Integer.bitCount(nz) > n) {
                    throw new InputException(Verifier.overfullMessage(dense, pattern, r, g, nz));
                }
                int keep = canonicalKeep(nz, n);
                for (int j = 0; j < m; j++) {
                    if ((keep & (1 << j)) == 0) continue;
                    Elements.put(values, dtype, v++, Elements.get(src, dtype, base + j));
                    w.write(j, b);
                }
            }
            w.flush();
        }
        return new CompressedMatrix(Layout.NM, pattern, dtype, rows, cols, values, DType.U8, mcols, meta);
    }

    @Override
    public DenseMatrix decode(CompressedMatrix c) {
        requireMine(c);
        if (dtype.bytes() == 2 && bits() > 0) {
            DenseMatrix out = DenseMatrix.zeros(dtype, c.rows(), c.cols());
            if (Nm2of4For16BitKernels.applies(pattern, dtype)) Nm2of4For16BitKernels.decodeInto(this, c, out.data());
            else NmAnyPattern16BitKernels.decodeInto(this, c, out.data());
            return out;
        }
        return decodeReference(c);
    }

    /** The plain element-by-element decoder. */
    DenseMatrix decodeReference(CompressedMatrix c) {
        int rows = c.rows(), cols = c.cols(), m = pattern.m(), n = pattern.n(), b = bits();
        int vcols = c.valueCols();
        DenseMatrix out = DenseMatrix.zeros(dtype, rows, cols);
        int[] idx = new int[n];
        for (int r = 0; r < rows; r++) {
            BitReader rd = new BitReader(c.meta(), r * c.metaCols());
            long v = (long) r * vcols;
            for (int g = 0; g < cols / m; g++) {
                for (int t = 0; t < n; t++) idx[t] = rd.read(b);
                if (!ascendingInRange(idx, m)) {
                    throw new InputException("nm metadata row " + r + ", group " + g + ": indices " + java.util.Arrays.toString(idx)
                            + " are not strictly ascending within 0.." + (m - 1) + " (run nxm verify for the full report)");
                }
                long base = (long) r * cols + (long) g * m;
                for (int t = 0; t < n; t++) {
                    Elements.put(out.data(), dtype, base + idx[t], Elements.get(c.values(), dtype, v++));
                }
            }
        }
        return out;
    }

    @Override
    public void checkCodes(CompressedMatrix c, DefectLog log) {
        requireMine(c);
        if (Nm2of4For16BitKernels.applies(pattern, dtype)) {
            Nm2of4For16BitKernels.verify(this, c, null, log);
            return;
        }
        if (dtype.bytes() == 2 && bits() > 0) {
            NmAnyPattern16BitKernels.verify(this, c, null, log);
            return;
        }
        checkCodesReference(c, log);
    }

    /** The plain element-by-element checker. */
    void checkCodesReference(CompressedMatrix c, DefectLog log) {
        int rows = c.rows(), cols = c.cols(), m = pattern.m(), n = pattern.n(), b = bits();
        int vcols = c.valueCols();
        int[] idx = new int[n];
        long usedBits = (long) vcols * b;
        for (int r = 0; r < rows; r++) {
            BitReader rd = new BitReader(c.meta(), r * c.metaCols());
            long v = (long) r * vcols;
            for (int g = 0; g < cols / m; g++) {
                for (int t = 0; t < n; t++) idx[t] = rd.read(b);
                final int row = r, group = g;
                if (!ascendingInRange(idx, m)) {
                    final int[] bad = idx.clone();
                    log.add(DefectKind.INVALID_CODE, () -> "row " + row + ", group " + group + " (columns " + group * m + ".."
                            + (group * m + m - 1) + "): indices " + java.util.Arrays.toString(bad)
                            + ", expected " + n + " strictly ascending indices in 0.." + (m - 1));
                    v += n;
                    continue;
                }
                int decodedNz = 0, stored = 0;
                for (int t = 0; t < n; t++) {
                    stored |= 1 << idx[t];
                    if (!Elements.isZero(dtype, Elements.get(c.values(), dtype, v + t))) decodedNz |= 1 << idx[t];
                }
                v += n;
                int canonical = canonicalKeep(decodedNz, n);
                if (canonical != stored) {
                    final int[] got = idx.clone();
                    log.add(DefectKind.NON_CANONICAL_CODE, () -> "row " + row + ", group " + group + ": indices "
                            + java.util.Arrays.toString(got) + " but the canonical choice for the decoded group is "
                            + maskToList(canonical));
                }
            }
            int tail = (int) (c.metaCols() * 8L - usedBits);
            if (tail > 0) {
                int last = c.meta().get(r * c.metaCols() + c.metaCols() - 1) & 0xFF;
                int pad = last >>> (8 - tail);
                if (pad != 0) {
                    final int row = r;
                    log.add(DefectKind.PADDING_BITS, () -> "row " + row + ": the last " + tail
                            + " metadata bits (after the last index) are " + Integer.toBinaryString(pad) + ", expected 0");
                }
            }
        }
    }

    static String maskToList(int mask) {
        StringBuilder sb = new StringBuilder("[");
        for (int j = 0; j < 32; j++) {
            if ((mask & (1 << j)) != 0) sb.append(sb.length() > 1 ? ", " : "").append(j);
        }
        return sb.append(']').toString();
    }

    private static boolean ascendingInRange(int[] idx, int m) {
        for (int t = 0; t < idx.length; t++) {
            if (idx[t] >= m || (t > 0 && idx[t] <= idx[t - 1])) return false;
        }
        return true;
    }

    private void requireDtype(DType d) {
        if (d != dtype) throw new InputException("dense matrix is " + d + ", this encoding is for " + dtype);
    }

    private void requireMine(CompressedMatrix c) {
        if (c.layout() != Layout.NM || !c.pattern().equals(pattern) || c.dtype() != dtype || c.metaCols() != metaCols(c.cols())) {
            throw new IllegalArgumentException("compressed matrix " + c.layout() + " " + c.pattern() + " " + c.dtype()
                    + " does not belong to nm " + pattern + " " + dtype);
        }
    }

    /** Writes b-bit fields LSB first into consecutive bytes. */
    private static final class BitWriter {
        private final ByteBuffer out;
        private int pos;
        private long acc;
        private int nbits;

        BitWriter(ByteBuffer out, int start) {
            this.out = out;
            this.pos = start;
        }

        void write(int value, int b) {
            acc |= (long) value << nbits;
            nbits += b;
            while (nbits >= 8) {
                out.put(pos++, (byte) acc);
                acc >>>= 8;
                nbits -= 8;
            }
        }

        void flush() {
            if (nbits > 0) out.put(pos++, (byte) acc);
            acc = 0;
            nbits = 0;
        }
    }

    /** Reads b-bit fields LSB first. */
    private static final class BitReader {
        private final ByteBuffer in;
        private int pos;
        private long acc;
        private int nbits;

        BitReader(ByteBuffer in, int start) {
            this.in = in;
            this.pos = start;
        }

        int read(int b) {
            while (nbits < b) {
                acc |= (long) (in.get(pos++) & 0xFF) << nbits;
                nbits += 8;
            }
            int v = (int) (acc & ((1L << b) - 1));
            acc >>>= b;
            nbits -= b;
            return v;
        }
    }
}
