package org.nxm.admm.pruning;

import java.util.stream.IntStream;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.MatMul;

/**
 * Π_{N:M} of a transposed [in, out] iterate (ADMM's Z-step): within each output column, every group of m
 * consecutive inputs keeps its n largest |values| (ties to the lower index, as {@link NmPattern#topNMask})
 * and zeroes the rest. The transposed layout puts one group's m values for consecutive columns in m
 * contiguous rows, so the Vector API path ({@link VectorNmProjection}) ranks 16 columns at once; the plain
 * path ({@link #plain}) is the reference it must match exactly ({@code NmProjectionTest}).
 */
public final class NmProjection {
    private NmProjection() {}

    /** Writes Π(t) into z and its support into keep; t, z, keep are [n, out] row-major. */
    public static void project(float[] t, float[] z, boolean[] keep, int n, int out, NmPattern pat) {
        if (MatMul.VECTOR_API) VectorNmProjection.project(t, z, keep, n, out, pat);
        else plain(t, z, keep, n, out, pat);
    }

    /** The reference: {@link NmPattern#topNMask} per group and column. */
    public static void plain(float[] t, float[] z, boolean[] keep, int n, int out, NmPattern pat) {
        IntStream.range(0, n / pat.m()).parallel().forEach(gi -> columns(t, z, keep, out, pat, gi * pat.m(), 0, out));
    }

    /** Columns [c0, c1) of the group starting at input row g, by {@link NmPattern#topNMask}. */
    static void columns(float[] t, float[] z, boolean[] keep, int out, NmPattern pat, int g, int c0, int c1) {
        int m = pat.m();
        float[] vals = new float[m];
        for (int r = c0; r < c1; r++) {
            for (int j = 0; j < m; j++) vals[j] = t[(g + j) * out + r];
            int bits = pat.topNMask(vals, 0);
            for (int j = 0; j < m; j++) {
                int idx = (g + j) * out + r;
                boolean k = (bits & (1 << j)) != 0;
                keep[idx] = k;
                z[idx] = k ? vals[j] : 0f;
            }
        }
    }
}
