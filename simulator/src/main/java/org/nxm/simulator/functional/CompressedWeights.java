package org.nxm.simulator.functional;

import org.nxm.compiler.encoding.CompressedMatrix;
import org.nxm.compiler.encoding.CutlassEncoding;
import org.nxm.compiler.encoding.Layout;
import org.nxm.model.io.InputException;
import org.nxm.model.sparsity.NmPattern;

/**
 * Reads a compressed weight (values + metadata in one of the encodings' layouts) into the form the
 * sparse MMA kernel gathers with: float values and each value's position in its group. This is what
 * the sparse tensor core's metadata decode does; it reads the metadata bits itself rather than going
 * through a dense decode, and is tested against the encodings' own decoder.
 */
public final class CompressedWeights {
    private CompressedWeights() {}

    public static LogicalNm toLogical(CompressedMatrix c) {
        return new LogicalNm(c.rows(), c.cols(), c.pattern(), values(c), positions(c));
    }

    /** The kept values as floats, row-major [rows × cols·n/m]. */
    public static float[] values(CompressedMatrix c) {
        float[] values = new float[c.rows() * c.valueCols()];
        for (int i = 0; i < values.length; i++) values[i] = c.dtype().readFloat(c.values(), i);
        return values;
    }

    /**
     * Each kept value's position inside its group of m, read from the metadata bytes alone (the values
     * are not touched). Refuses a group whose positions are not strictly ascending within 0..m-1 — codes
     * the hardware's decoder has no meaning for.
     */
    public static byte[] positions(CompressedMatrix c) {
        NmPattern p = c.pattern();
        int rows = c.rows(), kept = c.valueCols();
        byte[] index = new byte[rows * kept];
        if (c.layout() == Layout.NM) {
            // b-bit fields, LSB first, each row starting on a byte.
            int b = p.indexBits();
            for (int r = 0; r < rows; r++) {
                int byteBase = r * c.metaCols();
                long bitPos = 0;
                for (int t = 0; t < kept; t++) {
                    int v = 0;
                    for (int bit = 0; bit < b; bit++, bitPos++) {
                        int byt = c.meta().get(byteBase + (int) (bitPos >>> 3)) & 0xFF;
                        v |= ((byt >>> (bitPos & 7)) & 1) << bit;
                    }
                    index[r * kept + t] = (byte) v;
                }
            }
        } else if (c.layout() == Layout.CUTLASS && p.equals(NmPattern.TWO_FOUR)) {
            // 4-bit code per group of 4: bits [1:0] lower kept index, [3:2] higher; q codes per element.
            long[] logical = new CutlassEncoding(p, c.dtype()).logicalMeta(c);
            int q = c.metaDtype().bytes() * 8 / 4;
            int groups = c.cols() / 4;
            for (int r = 0; r < rows; r++) {
                for (int g = 0; g < groups; g++) {
                    long element = logical[r * c.metaCols() + g / q];
                    int code = (int) ((element >>> (4 * (g % q))) & 0xF);
                    index[r * kept + 2 * g] = (byte) (code & 3);
                    index[r * kept + 2 * g + 1] = (byte) (code >>> 2);
                }
            }
        } else {
            throw new InputException("compressed weight: layout " + c.layout() + " with pattern " + p
                    + " is not read by the functional simulator (expected nm, or cutlass 2:4)");
        }
        int n = p.n();
        for (int r = 0; r < rows; r++) {
            for (int g = 0; g < kept / n; g++) {
                int base = r * kept + g * n, prev = -1;
                for (int t = 0; t < n; t++) {
                    int idx = index[base + t];
                    if (idx <= prev || idx >= p.m()) {
                        throw new InputException("metadata row " + r + ", group " + g + ": positions "
                                + java.util.Arrays.toString(java.util.Arrays.copyOfRange(index, base, base + n))
                                + " are not strictly ascending within 0.." + (p.m() - 1));
                    }
                    prev = idx;
                }
            }
        }
        return index;
    }
}
