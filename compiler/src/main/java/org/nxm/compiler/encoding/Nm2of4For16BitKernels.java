package org.nxm.compiler.encoding;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nxm.model.io.InputException;
import org.nxm.model.numeric.DType;
import org.nxm.model.sparsity.NmPattern;

/**
 * The nm format's 2:4 case for 16-bit values, where a group is one 64-bit load and its two 2-bit
 * indices form one 4-bit field (lower index in bits [1:0], higher in [3:2], the same nibble as a
 * CUTLASS code but with nm's canonical padding and no reordering). Tested bit for bit against
 * {@link NmEncoding}'s element-by-element paths.
 */
final class Nm2of4For16BitKernels {
    /** nm canonical 2-of-4 field per non-zero mask (non-zeros plus the lowest zeros); -1 if over-full. */
    static final int[] FIELD = new int[16];

    static {
        for (int nz = 0; nz < 16; nz++) {
            if (Integer.bitCount(nz) > 2) {
                FIELD[nz] = -1;
                continue;
            }
            int keep = NmEncoding.canonicalKeep(nz, 2);
            int lo = Integer.numberOfTrailingZeros(keep);
            int hi = Integer.numberOfTrailingZeros(keep & (keep - 1));
            FIELD[nz] = lo | (hi << 2);
        }
    }

    private Nm2of4For16BitKernels() {}

    static boolean applies(NmPattern p, DType dtype) {
        return p.equals(NmPattern.TWO_FOUR) && dtype.bytes() == 2;
    }

    static CompressedMatrix encode(NmEncoding enc, DenseMatrix dense) {
        int rows = dense.rows(), cols = dense.cols(), groups = cols / 4, mcols = enc.metaCols(cols);
        ByteBuffer src = dense.data();
        ByteBuffer values = ByteBuffer.allocate(rows * groups * 4).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer meta = ByteBuffer.allocate(rows * mcols).order(ByteOrder.LITTLE_ENDIAN);
        int vOff = 0;
        for (int r = 0; r < rows; r++) {
            int rowByte = r * cols * 2, mOff = r * mcols;
            long acc = 0;
            int nbits = 0;
            for (int g = 0; g < groups; g++) {
                long x = src.getLong(rowByte + 8 * g);
                int nz = Cutlass16BitKernels.nonZeroLanes(x);
                int field = FIELD[nz];
                if (field < 0) throw new InputException(Verifier.overfullMessage(dense, enc.pattern(), r, g, nz));
                int lo = (int) (x >>> ((field & 3) << 4)) & 0xFFFF;
                int hi = (int) (x >>> ((field >>> 2) << 4)) & 0xFFFF;
                values.putInt(vOff, lo | (hi << 16));
                vOff += 4;
                acc |= (long) field << nbits;
                nbits += 4;
                if (nbits == 64) {
                    meta.putLong(mOff, acc);
                    mOff += 8;
                    acc = 0;
                    nbits = 0;
                }
            }
            for (; nbits > 0; nbits -= 8) {
                meta.put(mOff++, (byte) acc);
                acc >>>= 8;
            }
        }
        return new CompressedMatrix(Layout.NM, enc.pattern(), enc.dtype(), rows, cols, values, DType.U8, mcols, meta);
    }

    static void verify(NmEncoding enc, CompressedMatrix c, DenseMatrix against, DefectLog log) {
        int rows = c.rows(), cols = c.cols(), groups = cols / 4, mcols = c.metaCols();
        ByteBuffer values = c.values(), meta = c.meta();
        ByteBuffer ref = against == null ? null : against.data();
        boolean[] valid = CutlassEncoding.VALID_24;
        long invalid = 0, mismatches = 0;
        int fr = -1, fc = -1, fg = 0, fw = 0;
        int vOff = 0;
        for (int r = 0; r < rows; r++) {
            int rowByte = r * cols * 2, mOff = r * mcols, mEnd = mOff + mcols;
            long acc = 0;
            int nbits = 0;
            for (int g = 0; g < groups; g++) {
                if (nbits == 0) {
                    if (mOff + 8 <= mEnd) {
                        acc = meta.getLong(mOff);
                        mOff += 8;
                        nbits = 64;
                    } else {
                        acc = meta.get(mOff++) & 0xFF;
                        nbits = 8;
                    }
                }
                int field = (int) acc & 0xF;
                acc >>>= 4;
                nbits -= 4;
                int v = values.getInt(vOff);
                vOff += 4;
                if (!valid[field]) {
                    invalid++;
                    final int row = r, group = g, lo = field & 3, hi = field >>> 2;
                    log.add(DefectKind.INVALID_CODE, () -> "row " + row + ", group " + group + " (columns " + group * 4 + ".."
                            + (group * 4 + 3) + "): indices [" + lo + ", " + hi + "], expected 2 strictly ascending indices in 0..3");
                    continue;
                }
                int lo = field & 3, hi = field >>> 2;
                int nz = ((v & 0x7FFF) != 0 ? 1 << lo : 0) | ((v & 0x7FFF0000) != 0 ? 1 << hi : 0);
                int canonical = FIELD[nz];
                if (canonical != field) {
                    final int row = r, group = g, keep = (1 << (canonical & 3)) | (1 << (canonical >>> 2));
                    log.add(DefectKind.NON_CANONICAL_CODE, () -> "row " + row + ", group " + group + ": indices [" + lo + ", " + hi
                            + "] but the canonical choice for the decoded group is " + NmEncoding.maskToList(keep));
                }
                if (ref != null) {
                    long x = ((long) (v & 0xFFFF) << (lo << 4)) | ((long) (v >>> 16) << (hi << 4));
                    long want = ref.getLong(rowByte + 8 * g);
                    if (x != want) {
                        long diff = x ^ want;
                        for (int lane = 0; lane < 4; lane++) {
                            if (((diff >>> (16 * lane)) & 0xFFFF) != 0 && mismatches++ == 0) {
                                fr = r;
                                fc = 4 * g + lane;
                                fg = (int) (x >>> (16 * lane)) & 0xFFFF;
                                fw = (int) (want >>> (16 * lane)) & 0xFFFF;
                            }
                        }
                    }
                }
            }
            // Rows are ⌈groups/2⌉ bytes: at most 4 bits are left, all loaded.
            if (acc != 0 || mOff != mEnd) {
                final int row = r, tail = nbits;
                final long pad = acc;
                log.add(DefectKind.PADDING_BITS, () -> "row " + row + ": the last " + tail
                        + " metadata bits (after the last index) are " + Long.toBinaryString(pad) + ", expected 0");
            }
        }
        if (ref != null && invalid == 0 && mismatches > 0) {
            Verifier.reportMismatch(log, enc.dtype(), mismatches, (long) rows * cols, fr, fc, fg, fw);
            Verifier.checkDense(against, enc.pattern(), log);
        }
    }

    static void decodeInto(NmEncoding enc, CompressedMatrix c, ByteBuffer out) {
        int rows = c.rows(), cols = c.cols(), groups = cols / 4, mcols = c.metaCols();
        ByteBuffer values = c.values(), meta = c.meta();
        boolean[] valid = CutlassEncoding.VALID_24;
        int vOff = 0;
        for (int r = 0; r < rows; r++) {
            int rowByte = r * cols * 2, mOff = r * mcols, mEnd = mOff + mcols;
            long acc = 0;
            int nbits = 0;
            for (int g = 0; g < groups; g++) {
                if (nbits == 0) {
                    if (mOff + 8 <= mEnd) {
                        acc = meta.getLong(mOff);
                        mOff += 8;
                        nbits = 64;
                    } else {
                        acc = meta.get(mOff++) & 0xFF;
                        nbits = 8;
                    }
                }
                int field = (int) acc & 0xF;
                acc >>>= 4;
                nbits -= 4;
                if (!valid[field]) {
                    throw new InputException("nm metadata row " + r + ", group " + g + ": indices [" + (field & 3) + ", " + (field >>> 2)
                            + "] are not strictly ascending within 0..3 (run nxm verify for the full report)");
                }
                int v = values.getInt(vOff);
                vOff += 4;
                long x = ((long) (v & 0xFFFF) << ((field & 3) << 4)) | ((long) (v >>> 16) << ((field >>> 2) << 4));
                out.putLong(rowByte + 8 * g, x);
            }
        }
    }
}
