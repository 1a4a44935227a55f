package org.nxm.admm.linalg;

import org.nxm.model.tensor.MatMul;

/**
 * Float32 building blocks (axpy, dot) shared by the pruning kernels, and the float64 dot of the
 * Cholesky factorisation: the Vector API path ({@link VectorVec}) when {@code jdk.incubator.vector} is
 * present, else the plain loops below (the same test as {@link MatMul#VECTOR_API}), so the pruners run
 * on a JVM started without {@code --add-modules jdk.incubator.vector}. The two paths differ only in
 * rounding (fused multiply-add, lane-wise partial sums); {@code VecTest} bounds the difference.
 */
final class Vec {
    private Vec() {}

    /** y[yo .. yo+len) += a · x[xo .. xo+len). */
    static void axpy(float a, float[] x, int xo, float[] y, int yo, int len) {
        if (MatMul.VECTOR_API) VectorVec.axpy(a, x, xo, y, yo, len);
        else scalarAxpy(a, x, xo, y, yo, len);
    }

    /** Σ x[xo+i]·y[yo+i], float32 accumulation. */
    static float dot(float[] x, int xo, float[] y, int yo, int len) {
        return MatMul.VECTOR_API ? VectorVec.dot(x, xo, y, yo, len) : scalarDot(x, xo, y, yo, len);
    }

    /** Σ x[xo+i]·y[yo+i], float64. */
    static double dot(double[] x, int xo, double[] y, int yo, int len) {
        return MatMul.VECTOR_API ? VectorVec.dot(x, xo, y, yo, len) : scalarDot(x, xo, y, yo, len);
    }

    static void scalarAxpy(float a, float[] x, int xo, float[] y, int yo, int len) {
        for (int i = 0; i < len; i++) y[yo + i] += a * x[xo + i];
    }

    static float scalarDot(float[] x, int xo, float[] y, int yo, int len) {
        float s = 0f;
        for (int i = 0; i < len; i++) s += x[xo + i] * y[yo + i];
        return s;
    }

    static double scalarDot(double[] x, int xo, double[] y, int yo, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) s += x[xo + i] * y[yo + i];
        return s;
    }
}
