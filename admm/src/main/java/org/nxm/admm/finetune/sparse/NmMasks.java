package org.nxm.admm.finetune.sparse;

import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;

/** N:M masks of Linear weights {@code [out, in]}, groups along the input dimension (1 = kept). */
public final class NmMasks {
    private NmMasks() {}

    /** The mask of the Euclidean projection: the n largest |w| in each group of m. */
    public static float[] magnitude(float[] w, int in, NmPattern pattern) {
        pattern.requireDivides(in, "Linear input dimension");
        float[] mask = new float[w.length];
        for (int g = 0; g < w.length; g += pattern.m()) {
            int keep = pattern.topNMask(w, g);
            for (int j = 0; j < pattern.m(); j++) if ((keep & (1 << j)) != 0) mask[g + j] = 1f;
        }
        return mask;
    }

    public static float[] magnitude(Matrix w, NmPattern pattern) {
        return magnitude(w.data(), w.cols(), pattern);
    }

    /** out = w ∘ mask. */
    public static float[] apply(float[] w, float[] mask, float[] out) {
        for (int i = 0; i < w.length; i++) out[i] = w[i] * mask[i];
        return out;
    }

    public static void applyInPlace(float[] w, float[] mask) {
        apply(w, mask, w);
    }

    /** Whether every group of m holds at most n non-zeros. */
    public static boolean satisfies(Matrix w, NmPattern pattern) {
        return pattern.firstViolation(w.data(), w.rows(), w.cols()) < 0;
    }
}
