package org.nxm.compiler.encoding;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nxm.model.io.InputException;

/**
 * Fast paths of the cutlass 2:4 layout for 16-bit values (float16, bfloat16): one 64-bit load per
 * group of four, the non-zero flags of all four lanes by one add (|lane| ≤ 0x7FFF, so adding 0x7FFF
 * sets a lane's top bit exactly when it is non-zero, without carries between lanes), table lookups
 * for codes. Tested bit for bit against {@link CutlassEncoding}'s element-by-element paths.
 */
final class Cutlass16BitKernels {
    private static final long MAGNITUDE = 0x7FFF7FFF7FFF7FFFL;
    private static final long TOP = 0x8000800080008000L;

    private Cutlass16BitKernels() {}

    /** Bit t = lane t of x (four 16-bit lanes) is not ±0. */
    static int nonZeroLanes(long x) {
        long h = ((x & MAGNITUDE) + MAGNITUDE) & TOP;
        return (int) (((h >>> 15) & 1) | ((h >>> 30) & 2) | ((h >>> 45) & 4) | ((h >>> 60) & 8));
    }

    static CompressedMatrix encode(CutlassEncoding enc, DenseMatrix dense) {
        int rows = dense.rows(), cols = dense.cols(), mcols = cols / 16;
        ByteBuffer src = dense.data();
        ByteBuffer values = ByteBuffer.allocate(rows * cols).order(ByteOrder.LITTLE_ENDIAN); // rows·(k/2)·2 bytes
        ByteBuffer meta = ByteBuffer.allocate(rows * mcols * 2).order(ByteOrder.LITTLE_ENDIAN);
        int[] canonical = CutlassEncoding.CANONICAL;
        int vOff = 0;
        for (int r = 0; r < rows; r++) {
            int rowByte = r * cols * 2;
            int base0 = CutlassEncoding.physicalIndex(r, 0, rows, 16);
            int base1 = CutlassEncoding.physicalIndex(r, 1, rows, 16);
            for (int j = 0; j < mcols; j++) {
                int element = 0;
                int at = rowByte + j * 32;
                for (int t = 0; t < 4; t++) {
                    long x = src.getLong(at + 8 * t);
                    int nz = nonZeroLanes(x);
                    if (Integer.bitCount(nz) > 2) {
                        throw new InputException(Verifier.overfullMessage(dense, enc.pattern(), r, j * 4 + t, nz));
                    }
                    int code = canonical[nz];
                    int lo = (int) (x >>> ((code & 3) << 4)) & 0xFFFF;
                    int hi = (int) (x >>> ((code >>> 2) << 4)) & 0xFFFF;
                    values.putInt(vOff, lo | (hi << 16));
                    vOff += 4;
                    element |= code << (4 * t);
                }
                int phys = (j >> 1) * 2 * rows + ((j & 1) == 0 ? base0 : base1);
                meta.putShort(2 * phys, (short) element);
            }
        }
        return new CompressedMatrix(Layout.CUTLASS, enc.pattern(), enc.dtype(), rows, cols, values, enc.metaDtype(), mcols, meta);
    }

    /** Fills {@code out} (zeros) from the compressed form; throws on the first invalid code. */
    static void decodeInto(CutlassEncoding enc, CompressedMatrix c, ByteBuffer out) {
        int rows = c.rows(), cols = c.cols(), mcols = c.metaCols();
        ByteBuffer values = c.values(), meta = c.meta();
        int vOff = 0;
        for (int r = 0; r < rows; r++) {
            int rowByte = r * cols * 2;
            int base0 = CutlassEncoding.physicalIndex(r, 0, rows, 16);
            int base1 = CutlassEncoding.physicalIndex(r, 1, rows, 16);
            for (int j = 0; j < mcols; j++) {
                int element = meta.getShort(2 * ((j >> 1) * 2 * rows + ((j & 1) == 0 ? base0 : base1))) & 0xFFFF;
                for (int t = 0; t < 4; t++) {
                    int code = (element >>> (4 * t)) & 0xF;
                    if (!CutlassEncoding.VALID_24[code]) {
                        throw new InputException("cutlass metadata row " + r + ", group " + (j * 4 + t) + ": code 0x"
                                + Integer.toHexString(code) + " is not a valid 2:4 code (run nxm verify for the full report)");
                    }
                    int v = values.getInt(vOff);
                    vOff += 4;
                    long x = ((long) (v & 0xFFFF) << ((code & 3) << 4)) | ((long) (v >>> 16) << ((code >>> 2) << 4));
                    out.putLong(rowByte + j * 32 + 8 * t, x);
                }
            }
        }
    }

    static void checkCodes(CutlassEncoding enc, CompressedMatrix c, DefectLog log) {
        verify(enc, c, null, log);
    }

    /**
     * One pass: every code valid and canonical, and (if {@code against} is given and every code is
     * valid) the decoded groups equal the reference's, counting differing elements.
     */
    static void verify(CutlassEncoding enc, CompressedMatrix c, DenseMatrix against, DefectLog log) {
        int rows = c.rows(), cols = c.cols(), mcols = c.metaCols();
        ByteBuffer values = c.values(), meta = c.meta();
        ByteBuffer ref = against == null ? null : against.data();
        int[] canonical = CutlassEncoding.CANONICAL;
        boolean[] valid = CutlassEncoding.VALID_24;
        long invalid = 0, mismatches = 0;
        int firstRow = -1, firstCol = -1, firstGot = 0, firstWant = 0;
        int vOff = 0;
        for (int r = 0; r < rows; r++) {
            int rowByte = r * cols * 2;
            int base0 = CutlassEncoding.physicalIndex(r, 0, rows, 16);
            int base1 = CutlassEncoding.physicalIndex(r, 1, rows, 16);
            for (int j = 0; j < mcols; j++) {
                int element = meta.getShort(2 * ((j >> 1) * 2 * rows + ((j & 1) == 0 ? base0 : base1))) & 0xFFFF;
                for (int t = 0; t < 4; t++) {
                    int code = (element >>> (4 * t)) & 0xF;
                    int v = values.getInt(vOff);
                    vOff += 4;
                    if (!valid[code]) {
                        invalid++;
                        enc.reportInvalid(log, r, j * 4 + t, code);
                        continue;
                    }
                    int lo = code & 3, hi = code >>> 2;
                    int nz = ((v & 0x7FFF) != 0 ? 1 << lo : 0) | ((v & 0x7FFF0000) != 0 ? 1 << hi : 0);
                    if (canonical[nz] != code) enc.reportNonCanonical(log, r, j * 4 + t, code, canonical[nz]);
                    if (ref != null) {
                        long x = ((long) (v & 0xFFFF) << (lo << 4)) | ((long) (v >>> 16) << (hi << 4));
                        int at = rowByte + j * 32 + 8 * t;
                        long want = ref.getLong(at);
                        if (x != want) {
                            long diff = x ^ want;
                            for (int lane = 0; lane < 4; lane++) {
                                if (((diff >>> (16 * lane)) & 0xFFFF) == 0) continue;
                                if (mismatches++ == 0) {
                                    firstRow = r;
                                    firstCol = j * 16 + t * 4 + lane;
                                    firstGot = (int) (x >>> (16 * lane)) & 0xFFFF;
                                    firstWant = (int) (want >>> (16 * lane)) & 0xFFFF;
                                }
                            }
                        }
                    }
                }
            }
        }
        if (ref != null && invalid == 0 && mismatches > 0) {
            Verifier.reportMismatch(log, enc.dtype(), mismatches, (long) rows * cols, firstRow, firstCol, firstGot, firstWant);
        }
    }
}
