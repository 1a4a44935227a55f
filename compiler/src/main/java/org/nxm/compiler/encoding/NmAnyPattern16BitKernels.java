package org.nxm.compiler.encoding;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nxm.model.io.InputException;
import org.nxm.model.numeric.DType;

/**
 * Fast paths of the general nm format for 16-bit values (float16, bfloat16): direct 16-bit loads,
 * kept indices walked with numberOfTrailingZeros, index fields gathered in a 64-bit accumulator.
 * Tested bit for bit against {@link NmEncoding}'s element-by-element paths.
 */
final class NmAnyPattern16BitKernels {
    private NmAnyPattern16BitKernels() {}

    static CompressedMatrix encode(NmEncoding enc, DenseMatrix dense) {
        int rows = dense.rows(), cols = dense.cols(), m = enc.pattern().m(), n = enc.pattern().n();
        int b = enc.pattern().indexBits();
        int groups = cols / m, vcols = groups * n, mcols = enc.metaCols(cols);
        ByteBuffer src = dense.data();
        ByteBuffer values = ByteBuffer.allocate(rows * vcols * 2).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer meta = ByteBuffer.allocate(rows * mcols).order(ByteOrder.LITTLE_ENDIAN);
        int vOff = 0;
        for (int r = 0; r < rows; r++) {
            int rowByte = r * cols * 2;
            int mOff = r * mcols;
            long acc = 0;
            int nbits = 0;
            for (int g = 0; g < groups; g++) {
                int gByte = rowByte + g * m * 2;
                int nz = 0;
                for (int j = 0; j < m; j++) {
                    // Branch-free: |x| ≤ 0x7FFF, so adding 0x7FFF carries into bit 15 exactly when x ≠ ±0.
                    nz |= ((((src.getShort(gByte + 2 * j) & 0x7FFF) + 0x7FFF) >>> 15) & 1) << j;
                }
                int count = Integer.bitCount(nz);
                if (count > n) throw new InputException(Verifier.overfullMessage(dense, enc.pattern(), r, g, nz));
                int keep = count == n ? nz : NmEncoding.canonicalKeep(nz, n);
                while (keep != 0) {
                    int j = Integer.numberOfTrailingZeros(keep);
                    keep &= keep - 1;
                    values.putShort(vOff, src.getShort(gByte + 2 * j));
                    vOff += 2;
                    acc |= (long) j << nbits;
                    nbits += b;
                    if (nbits >= 32) {
                        meta.putInt(mOff, (int) acc);
                        mOff += 4;
                        acc >>>= 32;
                        nbits -= 32;
                    }
                }
            }
            while (nbits > 0) {
                meta.put(mOff++, (byte) acc);
                acc >>>= 8;
                nbits -= 8;
            }
        }
        return new CompressedMatrix(Layout.NM, enc.pattern(), enc.dtype(), rows, cols, values, DType.U8, mcols, meta);
    }

    /** Codes (ascending, in range, canonical), padding bits, and the decode against {@code against} if given. */
    static void verify(NmEncoding enc, CompressedMatrix c, DenseMatrix against, DefectLog log) {
        int rows = c.rows(), cols = c.cols(), m = enc.pattern().m(), n = enc.pattern().n();
        int b = enc.pattern().indexBits();
        int groups = cols / m, mcols = c.metaCols();
        long fieldMask = (1L << b) - 1;
        ByteBuffer values = c.values(), meta = c.meta();
        ByteBuffer ref = against == null ? null : against.data();
        long invalid = 0, mismatches = 0;
        int fr = -1, fc = -1, fg = 0, fw = 0;
        int[] idx = new int[n];
        int vOff = 0;
        for (int r = 0; r < rows; r++) {
            int mOff = r * mcols, mEnd = mOff + mcols;
            long acc = 0;
            int nbits = 0;
            for (int g = 0; g < groups; g++) {
                boolean ok = true;
                int stored = 0, decodedNz = 0, prev = -1;
                for (int t = 0; t < n; t++) {
                    if (nbits < b) {
                        // Refill: up to 4 bytes at once while the row has them.
                        if (mOff + 4 <= mEnd) {
                            acc |= (meta.getInt(mOff) & 0xFFFFFFFFL) << nbits;
                            mOff += 4;
                            nbits += 32;
                        } else {
                            while (nbits < b) {
                                acc |= (long) (meta.get(mOff++) & 0xFF) << nbits;
                                nbits += 8;
                            }
                        }
                    }
                    int j = (int) (acc & fieldMask);
                    acc >>>= b;
                    nbits -= b;
                    idx[t] = j;
                    if (j >= m || j <= prev) ok = false;
                    prev = j;
                    if (ok) {
                        stored |= 1 << j;
                        if ((values.getShort(vOff + 2 * t) & 0x7FFF) != 0) decodedNz |= 1 << j;
                    }
                }
                final int row = r, group = g;
                if (!ok) {
                    invalid++;
                    final int[] bad = idx.clone();
                    log.add(DefectKind.INVALID_CODE, () -> "row " + row + ", group " + group + " (columns " + group * m + ".."
                            + (group * m + m - 1) + "): indices " + java.util.Arrays.toString(bad)
                            + ", expected " + n + " strictly ascending indices in 0.." + (m - 1));
                } else {
                    int canonical = Integer.bitCount(decodedNz) == n ? decodedNz : NmEncoding.canonicalKeep(decodedNz, n);
                    if (canonical != stored) {
                        final int[] got = idx.clone();
                        log.add(DefectKind.NON_CANONICAL_CODE, () -> "row " + row + ", group " + group + ": indices "
                                + java.util.Arrays.toString(got) + " but the canonical choice for the decoded group is "
                                + NmEncoding.maskToList(canonical));
                    }
                    if (ref != null) {
                        int gByte = (r * cols + g * m) * 2;
                        int t = 0;
                        for (int j = 0; j < m; j++) {
                            int bit = (stored >>> j) & 1;
                            // Branch-free select of the next stored value (or 0); t stays in range.
                            int got = values.getShort(vOff + 2 * Math.min(t, n - 1)) & 0xFFFF & -bit;
                            t += bit;
                            int want = ref.getShort(gByte + 2 * j) & 0xFFFF;
                            if (got != want && mismatches++ == 0) {
                                fr = r;
                                fc = g * m + j;
                                fg = got;
                                fw = want;
                            }
                        }
                    }
                }
                vOff += 2 * n;
            }
            // Whatever is left of the row (in the accumulator and unread bytes) must be zero padding.
            long rest = acc;
            int restBits = nbits;
            boolean padOk = rest == 0;
            while (mOff < mEnd) {
                if (meta.get(mOff++) != 0) padOk = false;
                restBits += 8;
            }
            if (!padOk) {
                // Rows are ⌈fields·b/8⌉ bytes, so fewer than 8 bits are left and all of them were loaded.
                final int row = r, tail = restBits;
                final long pad = rest;
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
        int rows = c.rows(), cols = c.cols(), m = enc.pattern().m(), n = enc.pattern().n();
        int b = enc.pattern().indexBits();
        int groups = cols / m, mcols = c.metaCols();
        long fieldMask = (1L << b) - 1;
        ByteBuffer values = c.values(), meta = c.meta();
        int vOff = 0;
        for (int r = 0; r < rows; r++) {
            int mOff = r * mcols, mEnd = mOff + mcols;
            long acc = 0;
            int nbits = 0;
            for (int g = 0; g < groups; g++) {
                int gByte = (r * cols + g * m) * 2;
                int prev = -1;
                for (int t = 0; t < n; t++) {
                    if (nbits < b) {
                        if (mOff + 4 <= mEnd) {
                            acc |= (meta.getInt(mOff) & 0xFFFFFFFFL) << nbits;
                            mOff += 4;
                            nbits += 32;
                        } else {
                            while (nbits < b) {
                                acc |= (long) (meta.get(mOff++) & 0xFF) << nbits;
                                nbits += 8;
                            }
                        }
                    }
                    int j = (int) (acc & fieldMask);
                    acc >>>= b;
                    nbits -= b;
                    if (j >= m || j <= prev) {
                        throw new InputException("nm metadata row " + r + ", group " + g + ": index " + j + " after " + prev
                                + " is not strictly ascending within 0.." + (m - 1) + " (run nxm verify for the full report)");
                    }
                    prev = j;
                    out.putShort(gByte + 2 * j, values.getShort(vOff));
                    vOff += 2;
                }
            }
        }
    }
}
