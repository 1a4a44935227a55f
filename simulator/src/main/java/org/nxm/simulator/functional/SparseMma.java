package org.nxm.simulator.functional;

import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.MatMul;

/**
 * What a tensor core computes for one block tile, in the tile's logical orientation:
 * {@code C[bm×bn] += A[bm×bk]·B[bk×bn]}. For a sparse MMA, A is an N:M weight tile held compressed: its
 * kept values plus, for each kept value, its column in the tile (the decoded metadata), which selects
 * the row of B the value multiplies, so the pruned zeros are never read.
 *
 * <p>Accumulation order: every output C[i][j] is summed in ascending k (ascending kept index, which is
 * ascending column), one rounded float32 product added at a time (int32 for int8), the order of a plain
 * dense loop. The Vector API kernels ({@link VectorMma}, used when {@code jdk.incubator.vector} is
 * loaded) vectorise across the output columns j, so each lane keeps exactly that order and multiplies
 * and adds separately (no fused multiply-add): they are bit-identical to the plain loops here, which
 * are the fallback and the test reference.
 */
public final class SparseMma {
    private SparseMma() {}

    /**
     * C += Ŵ·B with Ŵ compressed.
     *
     * @param values kept values, row-major [≥ bm × kept]
     * @param cols   for each kept value its column in the tile (row of B), same layout as values
     * @param kept   kept values per weight row (k·n/m of the tile, padded)
     * @param bm     weight rows computed
     * @param b      B, row-major [bk × bn]
     * @param acc    C, row-major [bm × bn]; added to
     */
    public static void mmaSparse(float[] values, int[] cols, int kept, int bm, float[] b, int bn, float[] acc) {
        if (MatMul.VECTOR_API) VectorMma.sparse(values, cols, kept, bm, b, bn, acc);
        else mmaSparsePlain(values, cols, kept, bm, b, bn, acc);
    }

    /** The plain loops of {@link #mmaSparse}: fallback and reference. */
    public static void mmaSparsePlain(float[] values, int[] cols, int kept, int bm, float[] b, int bn, float[] acc) {
        for (int i = 0; i < bm; i++) {
            int vb = i * kept, cb = i * bn;
            for (int j = 0; j < bn; j++) {
                float sum = acc[cb + j];
                for (int t = 0; t < kept; t++) sum += values[vb + t] * b[cols[vb + t] * bn + j];
                acc[cb + j] = sum;
            }
        }
    }

    /** Dense C[bm×bn] += A[bm×bk]·B[bk×bn] (A row-major with row stride bk), ascending k. */
    public static void mmaDense(float[] a, int bm, int bk, float[] b, int bn, float[] acc) {
        if (MatMul.VECTOR_API) VectorMma.dense(a, bm, bk, b, bn, acc);
        else mmaDensePlain(a, bm, bk, b, bn, acc);
    }

    /** The plain loops of {@link #mmaDense}: fallback and reference. */
    public static void mmaDensePlain(float[] a, int bm, int bk, float[] b, int bn, float[] acc) {
        for (int i = 0; i < bm; i++) {
            int ab = i * bk, cb = i * bn;
            for (int j = 0; j < bn; j++) {
                float sum = acc[cb + j];
                for (int kk = 0; kk < bk; kk++) sum += a[ab + kk] * b[kk * bn + j];
                acc[cb + j] = sum;
            }
        }
    }

    /** int8 × int8 with int32 accumulation, the integer sparse MMA (mma.sp m16n8k64 s8); exact. */
    public static void mmaSparseInt8(byte[] values, int[] cols, int kept, int bm, byte[] b, int bn, int[] acc) {
        for (int i = 0; i < bm; i++) {
            int vb = i * kept, cb = i * bn;
            for (int t = 0; t < kept; t++) {
                int w = values[vb + t];
                int bb = cols[vb + t] * bn;
                for (int j = 0; j < bn; j++) acc[cb + j] += w * b[bb + j];
            }
        }
    }

    /** int8 × int8 dense with int32 accumulation; exact. */
    public static void mmaDenseInt8(byte[] a, int bm, int bk, byte[] b, int bn, int[] acc) {
        for (int i = 0; i < bm; i++) {
            int ab = i * bk, cb = i * bn;
            for (int kk = 0; kk < bk; kk++) {
                int w = a[ab + kk];
                for (int j = 0; j < bn; j++) acc[cb + j] += w * b[kk * bn + j];
            }
        }
    }

    /**
     * The decoded metadata as absolute columns: value t of a weight row sits at column
     * {@code (t / n)·m + index[t]} of its tile. Decoding once per tile is what lets the MMA be a plain
     * indexed row select.
     */
    public static int[] columns(byte[] index, int rows, int k, NmPattern p) {
        int kept = k / p.m() * p.n();
        int[] cols = new int[rows * kept];
        for (int o = 0; o < rows; o++) {
            for (int j = 0; j < kept; j++) cols[o * kept + j] = (j / p.n()) * p.m() + index[o * kept + j];
        }
        return cols;
    }
}
