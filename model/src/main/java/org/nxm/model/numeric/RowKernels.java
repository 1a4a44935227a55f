package org.nxm.model.numeric;

/**
 * The row kernels of a Transformer's vector work, in the one rounding every user shares (the reference
 * encoder, the functional simulator, the program interpreter): LayerNorm with mean and variance in
 * float64, and softmax in float32 with the max subtracted. GELU is {@code Gelu} (over {@link Erf}).
 */
public final class RowKernels {
    private RowKernels() {}

    /**
     * LayerNorm of {@code x[xo .. xo+d)} into {@code dst[o .. o+d)} (may be the same row): mean and
     * biased variance in float64, the normalised value rounded to float, then ·gamma + beta in float.
     */
    public static void layerNorm(float[] x, int xo, float[] dst, int o, int d, float[] gamma, float[] beta, double eps) {
        layerNorm(x, xo, dst, o, d, gamma, beta, eps, null, 0);
    }

    /**
     * {@link #layerNorm} that also keeps what training's backward pass needs: the normalised row x̂
     * (the float value the output is computed from) into {@code xhat[ho .. ho+d)} when {@code xhat} is
     * not null, and returns 1/σ. The output is bit for bit the plain kernel's.
     */
    public static float layerNorm(float[] x, int xo, float[] dst, int o, int d, float[] gamma, float[] beta, double eps,
                                  float[] xhat, int ho) {
        double mean = 0;
        for (int j = 0; j < d; j++) mean += x[xo + j];
        mean /= d;
        double var = 0;
        for (int j = 0; j < d; j++) { double v = x[xo + j] - mean; var += v * v; }
        var /= d;
        double inv = 1.0 / Math.sqrt(var + eps);
        for (int j = 0; j < d; j++) {
            float h = (float) ((x[xo + j] - mean) * inv);
            if (xhat != null) xhat[ho + j] = h;
            dst[o + j] = h * gamma[j] + beta[j];
        }
        return (float) inv;
    }

    /**
     * Softmax of {@code x[off .. off+len)} in place, float32: entries at −∞ (masked keys) get exactly 0;
     * e = exp(x − max) per entry, then each times 1/Σe. Returns false, leaving the row as is, when every
     * entry is −∞ (no visible key).
     */
    public static boolean softmax(float[] x, int off, int len) {
        float max = Float.NEGATIVE_INFINITY;
        for (int s = 0; s < len; s++) if (x[off + s] > max) max = x[off + s];
        if (max == Float.NEGATIVE_INFINITY) return false;
        float sum = 0f;
        for (int s = 0; s < len; s++) {
            float e = x[off + s] == Float.NEGATIVE_INFINITY ? 0f : (float) Math.exp(x[off + s] - max);
            x[off + s] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int s = 0; s < len; s++) x[off + s] *= inv;
        return true;
    }
}
