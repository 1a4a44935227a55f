package org.nxm.compiler.encoding;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nxm.model.io.InputException;
import org.nxm.model.numeric.DType;
import org.nxm.model.sparsity.NmPattern;

/**
 * The NVIDIA sparse tensor-core layout, byte-exact with CUTLASS sparse GEMM and PyTorch's
 * semi-structured tensors ({@code to_sparse_semi_structured}, CUTLASS backend).
 *
 * <p>Three variants:
 * <table>
 *   <tr><th>values</th><th>pattern</th><th>meta</th><th>rows multiple of</th><th>k multiple of</th></tr>
 *   <tr><td>float16, bfloat16</td><td>2:4</td><td>int16 [rows, k/16]</td><td>32</td><td>32</td></tr>
 *   <tr><td>int8</td><td>2:4</td><td>int32 [rows, k/32]</td><td>16</td><td>64</td></tr>
 *   <tr><td>float32 (tf32)</td><td>1:2</td><td>int16 [rows, k/8]</td><td>32</td><td>16</td></tr>
 * </table>
 * A 2:4 group gets a 4-bit code: bits [1:0] the lower kept index, bits [3:2] the higher. A 1:2
 * float32 pair is coded as if its 8 bytes were four 16-bit halves: keep element 0 = 0x4, element 1
 * = 0xE. Codes are packed LSB first, q = metaBits/4 per metadata element, and the metadata matrix is
 * reordered as CUTLASS {@code reorder_meta} / ColumnMajorInterleaved&lt;2&gt; (see
 * {@link #physicalIndex}). The k multiple makes the metadata column count even, which the
 * interleave-by-2 storage needs.
 */
public record CutlassEncoding(NmPattern pattern, DType dtype) implements Encoding {

    /** Canonical 2:4 code for each 4-bit non-zero mask (bit j = element j non-zero), ≤ 2 bits set. */
    static final int[] CANONICAL = new int[16];
    /** True for the six 2:4 codes with lower index < higher index. */
    static final boolean[] VALID_24 = new boolean[16];

    static {
        for (int mask = 0; mask < 16; mask++) {
            boolean m0 = (mask & 1) != 0, m1 = (mask & 2) != 0, m2 = (mask & 4) != 0;
            // The rule of PyTorch's reference conversion (and the golden cases): for under-full groups
            // it picks the indices from the non-zero flags; for exactly two non-zeros it gives their indices.
            int lo = (!m0 && m1 ? 1 : 0) + 2 * (!m0 && !m1 ? 1 : 0);
            int hi = ((!m0 && !m1) || !m2 ? 1 : 0) + 2 * ((!m0 && m1) || !m1 || m2 ? 1 : 0);
            CANONICAL[mask] = lo | (hi << 2);
            VALID_24[mask] = (mask & 3) < (mask >>> 2);
        }
    }

    static String comboProblem(NmPattern pattern, DType dtype) {
        boolean ok = switch (dtype) {
            case F16, BF16, I8 -> pattern.equals(NmPattern.TWO_FOUR);
            case F32 -> pattern.equals(new NmPattern(1, 2));
            default -> false;
        };
        if (ok) return null;
        return "cutlass layout: no " + pattern + " layout for " + dtype.longName()
                + " (sparse tensor cores run 2:4 for float16/bfloat16/int8 and 1:2 for float32/tf32; use --layout nm for other patterns)";
    }

    public CutlassEncoding {
        String p = comboProblem(pattern, dtype);
        if (p != null) throw new InputException(p);
    }

    @Override
    public Layout layout() {
        return Layout.CUTLASS;
    }

    /** Dense elements per coded group: 4, or 2 for float32's 1:2. */
    int groupElems() {
        return dtype == DType.F32 ? 2 : 4;
    }

    int metaBits() {
        return dtype == DType.I8 ? 32 : 16;
    }

    /** 4-bit codes per metadata element. */
    int codesPerMeta() {
        return metaBits() / 4;
    }

    @Override
    public DType metaDtype() {
        return dtype == DType.I8 ? DType.I32 : DType.I16;
    }

    @Override
    public int metaCols(int cols) {
        return cols / (groupElems() * codesPerMeta());
    }

    int rowMultiple() {
        return metaBits() == 16 ? 32 : 16;
    }

    int colMultiple() {
        return 2 * groupElems() * codesPerMeta();
    }

    @Override
    public String shapeProblem(int rows, int cols) {
        if (rows % rowMultiple() != 0 || cols % colMultiple() != 0 || rows == 0 || cols == 0) {
            return "shape [" + rows + ", " + cols + "]: the cutlass " + pattern + " " + dtype.longName()
                    + " layout needs rows a positive multiple of " + rowMultiple() + " and k a positive multiple of " + colMultiple();
        }
        return null;
    }

    /**
     * Storage index of logical metadata element (r, j) of an m-row metadata matrix, following CUTLASS
     * reorder_meta: (1) rows interleave within blocks of G rows (G = 32, I = 4 for 16-bit metadata;
     * G = 16, I = 2 for 32-bit): r → base + (r mod 8)·I + (r mod G) div 8; (2) 2×2 swizzle: (even
     * row, odd col) → (row + 1, col − 1), (odd row, even col) → (row − 1, col + 1); (3) column-major
     * interleaved by 2: (row, col) → (col div 2)·2m + 2·row + col mod 2.
     */
    static int physicalIndex(int r, int j, int rows, int metaBits) {
        int group = metaBits == 16 ? 32 : 16;
        int interweave = metaBits == 16 ? 4 : 2;
        int dr = r / group * group + (r % 8) * interweave + (r % group) / 8;
        int dc = j;
        if ((dr & 1) == 0 && (dc & 1) == 1) {
            dr++;
            dc--;
        } else if ((dr & 1) == 1 && (dc & 1) == 0) {
            dr--;
            dc++;
        }
        return (dc >> 1) * 2 * rows + 2 * dr + (dc & 1);
    }

    private int readMeta(ByteBuffer meta, int index) {
        return metaBits() == 16 ? meta.getShort(2 * index) & 0xFFFF : meta.getInt(4 * index);
    }

    private void writeMeta(ByteBuffer meta, int index, int value) {
        if (metaBits() == 16) meta.putShort(2 * index, (short) value);
        else meta.putInt(4 * index, value);
    }

    /** Code of a group from its non-zero flags (2:4: 4 flags; 1:2: 2 flags seen as halves). */
    private int codeFor(int nzMask) {
        if (groupElems() == 4) return CANONICAL[nzMask];
        int a = nzMask & 1, b = (nzMask >>> 1) & 1;
        return CANONICAL[a | a << 1 | b << 2 | b << 3];
    }

    private boolean validCode(int code) {
        return groupElems() == 4 ? VALID_24[code] : code == 0x4 || code == 0xE;
    }

    @Override
    public CompressedMatrix encode(DenseMatrix dense) {
        if (dense.dtype() != dtype) throw new InputException("dense matrix is " + dense.dtype() + ", this encoding is for " + dtype);
        String problem = shapeProblem(dense.rows(), dense.cols());
        if (problem != null) throw new InputException(problem);
        if (dtype == DType.F16 || dtype == DType.BF16) return Cutlass16BitKernels.encode(this, dense);
        return encodeReference(dense);
    }

    /** The plain element-by-element encoder (used for int8 and float32, and as the fast path's test oracle). */
    CompressedMatrix encodeReference(DenseMatrix dense) {
        int rows = dense.rows(), cols = dense.cols(), ge = groupElems(), q = codesPerMeta();
        int vcols = cols / 2;
        int mcols = metaCols(cols);
        ByteBuffer values = ByteBuffer.allocate(rows * vcols * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer meta = ByteBuffer.allocate(rows * mcols * metaBits() / 8).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer src = dense.data();
        long v = 0;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < mcols; j++) {
                int element = 0;
                for (int t = 0; t < q; t++) {
                    int g = j * q + t;
                    long base = (long) r * cols + (long) g * ge;
                    int nz = 0;
                    for (int e = 0; e < ge; e++) {
                        if (!Elements.isZero(dtype, Elements.get(src, dtype, base + e))) nz |= 1 << e;
                    }
                    if (Integer.bitCount(nz) > pattern.n()) {
                        throw new InputException(Verifier.overfullMessage(dense, pattern, r, g, nz));
                    }
                    int code = codeFor(nz);
                    if (ge == 4) {
                        Elements.put(values, dtype, v++, Elements.get(src, dtype, base + (code & 3)));
                        Elements.put(values, dtype, v++, Elements.get(src, dtype, base + (code >>> 2)));
                    } else {
                        Elements.put(values, dtype, v++, Elements.get(src, dtype, base + (code & 3) / 2));
                    }
                    element |= code << (4 * t);
                }
                writeMeta(meta, physicalIndex(r, j, rows, metaBits()), element);
            }
        }
        return new CompressedMatrix(Layout.CUTLASS, pattern, dtype, rows, cols, values, metaDtype(), mcols, meta);
    }

    /** The metadata before reordering, row-major [rows, metaCols], as unsigned values (for tests and reports). */
    public long[] logicalMeta(CompressedMatrix c) {
        requireMine(c);
        long[] out = new long[c.rows() * c.metaCols()];
        for (int r = 0; r < c.rows(); r++) {
            for (int j = 0; j < c.metaCols(); j++) {
                out[r * c.metaCols() + j] = readMeta(c.meta(), physicalIndex(r, j, c.rows(), metaBits())) & 0xFFFFFFFFL;
            }
        }
        return out;
    }

    @Override
    public DenseMatrix decode(CompressedMatrix c) {
        requireMine(c);
        if (dtype == DType.F16 || dtype == DType.BF16) {
            DenseMatrix out = DenseMatrix.zeros(dtype, c.rows(), c.cols());
            Cutlass16BitKernels.decodeInto(this, c, out.data());
            return out;
        }
        return decodeReference(c);
    }

    /** The plain element-by-element decoder (int8, float32, and the fast path's oracle). */
    DenseMatrix decodeReference(CompressedMatrix c) {
        int rows = c.rows(), cols = c.cols(), ge = groupElems(), q = codesPerMeta(), mcols = c.metaCols();
        DenseMatrix out = DenseMatrix.zeros(dtype, rows, cols);
        ByteBuffer dst = out.data();
        long v = 0;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < mcols; j++) {
                int element = readMeta(c.meta(), physicalIndex(r, j, rows, metaBits()));
                for (int t = 0; t < q; t++) {
                    int code = (element >>> (4 * t)) & 0xF;
                    int g = j * q + t;
                    if (!validCode(code)) {
                        throw new InputException("cutlass metadata row " + r + ", group " + g + ": code 0x"
                                + Integer.toHexString(code) + " is not a valid " + pattern + " code (run nxm verify for the full report)");
                    }
                    long base = (long) r * cols + (long) g * ge;
                    if (ge == 4) {
                        Elements.put(dst, dtype, base + (code & 3), Elements.get(c.values(), dtype, v++));
                        Elements.put(dst, dtype, base + (code >>> 2), Elements.get(c.values(), dtype, v++));
                    } else {
                        Elements.put(dst, dtype, base + (code & 3) / 2, Elements.get(c.values(), dtype, v++));
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void checkCodes(CompressedMatrix c, DefectLog log) {
        requireMine(c);
        if (dtype == DType.F16 || dtype == DType.BF16) {
            Cutlass16BitKernels.checkCodes(this, c, log);
            return;
        }
        checkCodesReference(c, log);
    }

    void checkCodesReference(CompressedMatrix c, DefectLog log) {
        int rows = c.rows(), ge = groupElems(), q = codesPerMeta(), mcols = c.metaCols();
        long v = 0;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < mcols; j++) {
                int element = readMeta(c.meta(), physicalIndex(r, j, rows, metaBits()));
                for (int t = 0; t < q; t++) {
                    int code = (element >>> (4 * t)) & 0xF;
                    int g = j * q + t;
                    int nz;
                    if (ge == 4) {
                        boolean a = !Elements.isZero(dtype, Elements.get(c.values(), dtype, v));
                        boolean b = !Elements.isZero(dtype, Elements.get(c.values(), dtype, v + 1));
                        v += 2;
                        if (!VALID_24[code]) {
                            reportInvalid(log, r, g, code);
                            continue;
                        }
                        nz = (a ? 1 << (code & 3) : 0) | (b ? 1 << (code >>> 2) : 0);
                    } else {
                        boolean a = !Elements.isZero(dtype, Elements.get(c.values(), dtype, v));
                        v += 1;
                        if (!validCode(code)) {
                            reportInvalid(log, r, g, code);
                            continue;
                        }
                        nz = a ? 1 << ((code & 3) / 2) : 0;
                    }
                    int canonical = codeFor(nz);
                    if (canonical != code) reportNonCanonical(log, r, g, code, canonical);
                }
            }
        }
    }

    void reportInvalid(DefectLog log, int r, int g, int code) {
        log.add(DefectKind.INVALID_CODE, () -> "row " + r + ", group " + g + " (columns " + g * groupElems() + ".."
                + (g * groupElems() + groupElems() - 1) + "): metadata code 0x" + Integer.toHexString(code)
                + (groupElems() == 4 ? " = indices {" + (code & 3) + ", " + (code >>> 2) + "}, expected two strictly ascending indices"
                        : ", expected 0x4 (keep element 0) or 0xe (keep element 1) for 1:2"));
    }

    void reportNonCanonical(DefectLog log, int r, int g, int code, int canonical) {
        log.add(DefectKind.NON_CANONICAL_CODE, () -> "row " + r + ", group " + g + ": metadata code 0x" + Integer.toHexString(code)
                + " but the decoded group's canonical code is 0x" + Integer.toHexString(canonical));
    }

    private void requireMine(CompressedMatrix c) {
        if (c.layout() != Layout.CUTLASS || !c.pattern().equals(pattern) || c.dtype() != dtype
                || c.metaDtype() != metaDtype() || c.metaCols() != metaCols(c.cols())) {
            throw new IllegalArgumentException("compressed matrix " + c.layout() + " " + c.pattern() + " " + c.dtype()
                    + " does not belong to cutlass " + pattern + " " + dtype);
        }
        String problem = shapeProblem(c.rows(), c.cols());
        if (problem != null) throw new InputException(problem);
    }
}
