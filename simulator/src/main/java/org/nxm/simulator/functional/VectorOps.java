package org.nxm.simulator.functional;


/**
 * The non-GEMM work of an encoder layer, computed in float32 the way a BERT reference does:
 * row-wise softmax with the max subtracted and LayerNorm over the last axis (the model module's {@code RowKernels});
 * GELU is the model's {@code Gelu} kernel, called by {@link FunctionalSimulator} directly.
 */
public final class VectorOps {
    private VectorOps() {}

    /** In place, each row of [rows × cols]: exp(x - max) / Σ. Masked entries should already be -inf or large negative. */
    public static void softmaxRows(float[] x, int rows, int cols) {
        for (int r = 0; r < rows; r++) org.nxm.model.numeric.RowKernels.softmax(x, r * cols, cols);
    }

    /**
     * One attention row: dst = softmax(scale·x) over the first {@code keys} entries, the later ones (masked
     * causally) 0; max subtracted, float32 exponentials and sum, as the reference forward computes it.
     * {@code dst} may be {@code x} at the same offset.
     */
    public static void softmaxRow(float[] x, int xo, float[] dst, int o, int cols, int keys, float scale) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < keys; j++) {
            float s = x[xo + j] * scale;
            dst[o + j] = s;
            if (s > max) max = s;
        }
        float sum = 0f;
        for (int j = 0; j < keys; j++) {
            float e = (float) Math.exp(dst[o + j] - max);
            dst[o + j] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int j = 0; j < keys; j++) dst[o + j] *= inv;
        for (int j = keys; j < cols; j++) dst[o + j] = 0f;
    }

    /** In place, each row: (x - mean) / sqrt(var + eps) · gamma + beta, biased variance. */
    public static void layerNorm(float[] x, int rows, int cols, float[] gamma, float[] beta, float eps) {
        for (int r = 0; r < rows; r++) org.nxm.model.numeric.RowKernels.layerNorm(x, r * cols, x, r * cols, cols, gamma, beta, eps);
    }

    /** In place: x[r][c] += bias[c]. */
    public static void addBias(float[] x, int rows, int cols, float[] bias) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) x[base + c] += bias[c];
        }
    }

    /** In place: x += y (residual add). */
    public static void add(float[] x, float[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("residual add: " + x.length + " vs " + y.length);
        for (int i = 0; i < x.length; i++) x[i] += y[i];
    }
}
