package org.nxm.simulator.functional;

import org.nxm.model.sparsity.NmPattern;

/**
 * What a sparse tensor core computes: acc += X · Ŵᵀ where Ŵ is an N:M weight held compressed, as its
 * kept values plus, for each kept value, its position inside its group of m (the decoded metadata).
 * The position selects which activation element the value multiplies, so the zeros are never read.
 *
 * <p>Accumulation order is ascending k for every output, in float32 (int32 for int8), the order a
 * dense reference loop uses, so results agree with it up to the rounding of skipped zero products
 * (exactly, in fact, since adding ±0 products does not change a float32 sum except for the sign of zero).
 */
public final class SparseMma {
    private SparseMma() {}

    /**
     * @param x       activations, row-major [rows × k] (row stride k)
     * @param values  kept weight values, row-major [outs × k·n/m]
     * @param index   for each kept value, its position 0..m-1 inside its group
     * @param acc     accumulator, row-major [rows × outs]; added to
     */
    public static void mmaFloat(float[] x, int rows, int k, float[] values, byte[] index, int outs,
                                NmPattern p, float[] acc) {
        int kept = k / p.m() * p.n();
        checkShapes(x.length, rows, k, values.length, index.length, outs, kept, acc.length, p);
        mmaFloatGathered(x, rows, k, values, columns(index, outs, k, p), outs, acc);
    }

    /**
     * The decoded metadata as absolute activation columns: value j of a weight row multiplies
     * {@code x[(j / n)·m + index[j]]}. Decoding once per weight is what lets the inner loop be a plain
     * indexed gather.
     */
    public static int[] columns(byte[] index, int outs, int k, NmPattern p) {
        int kept = k / p.m() * p.n();
        int[] cols = new int[outs * kept];
        for (int o = 0; o < outs; o++) {
            for (int j = 0; j < kept; j++) cols[o * kept + j] = (j / p.n()) * p.m() + index[o * kept + j];
        }
        return cols;
    }

    /** acc += X·Ŵᵀ with the metadata already decoded to activation columns ({@link #columns}). */
    public static void mmaFloatGathered(float[] x, int rows, int k, float[] values, int[] cols, int outs, float[] acc) {
        int kept = values.length / Math.max(1, outs);
        for (int o = 0; o < outs; o++) {
            int vBase = o * kept;
            for (int r = 0; r < rows; r++) {
                int xBase = r * k;
                float sum = acc[r * outs + o];
                for (int j = 0; j < kept; j++) sum += values[vBase + j] * x[xBase + cols[vBase + j]];
                acc[r * outs + o] = sum;
            }
        }
    }

    /** int8 × int8 with int32 accumulation, the integer sparse MMA (mma.sp m16n8k64 s8). */
    public static void mmaInt8(byte[] x, int rows, int k, byte[] values, byte[] index, int outs,
                               NmPattern p, int[] acc) {
        int kept = k / p.m() * p.n();
        checkShapes(x.length, rows, k, values.length, index.length, outs, kept, acc.length, p);
        int n = p.n();
        int m = p.m();
        for (int o = 0; o < outs; o++) {
            int vBase = o * kept;
            for (int r = 0; r < rows; r++) {
                int xBase = r * k;
                int sum = acc[r * outs + o];
                for (int j = 0; j < kept; j++) {
                    int col = (j / n) * m + index[vBase + j];
                    sum += values[vBase + j] * x[xBase + col];
                }
                acc[r * outs + o] = sum;
            }
        }
    }

    /** Dense acc += X · Wᵀ (W row-major [outs × k]), ascending k, float32. */
    public static void mmaDense(float[] x, int rows, int k, float[] w, int outs, float[] acc) {
        if (x.length < rows * k || w.length < outs * k || acc.length < rows * outs) {
            throw new IllegalArgumentException("dense mma shapes: x " + x.length + ", w " + w.length + ", acc " + acc.length);
        }
        for (int o = 0; o < outs; o++) {
            int wBase = o * k;
            for (int r = 0; r < rows; r++) {
                int xBase = r * k;
                float sum = acc[r * outs + o];
                for (int c = 0; c < k; c++) sum += w[wBase + c] * x[xBase + c];
                acc[r * outs + o] = sum;
            }
        }
    }

    private static void checkShapes(int xLen, int rows, int k, int vLen, int iLen, int outs, int kept,
                                    int accLen, NmPattern p) {
        if (k % p.m() != 0) throw new IllegalArgumentException("k=" + k + " not a multiple of m=" + p.m());
        if (xLen < rows * k || vLen < outs * kept || iLen < outs * kept || accLen < rows * outs) {
            throw new IllegalArgumentException("sparse mma shapes: rows " + rows + ", k " + k + ", outs " + outs
                    + ", x " + xLen + ", values " + vLen + ", index " + iLen + ", acc " + accLen);
        }
    }
}
