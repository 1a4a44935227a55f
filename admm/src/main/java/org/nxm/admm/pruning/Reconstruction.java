package org.nxm.admm.pruning;

import org.nxm.model.tensor.MatMul;
import org.nxm.model.tensor.Matrix;

/** Layer-wise reconstruction error on calibration inputs, from the Gram matrix alone. */
public final class Reconstruction {
    private Reconstruction() {}

    /**
     * ‖X(W₀ − W)ᵀ‖²_F / ‖XW₀ᵀ‖²_F = Σᵣ δᵣᵀHδᵣ / Σᵣ w₀ᵣᵀHw₀ᵣ with H = XᵀX; NaN when gram is null.
     */
    public static double relativeError(Matrix w0, Matrix w, InputGram gram) {
        if (gram == null) return Double.NaN;
        int rows = w0.rows(), n = w0.cols();
        float[] h = gram.asFloat();
        float[] delta = new float[rows * n];
        float[] a = w0.data(), b = w.data();
        for (int i = 0; i < delta.length; i++) delta[i] = a[i] - b[i];
        double num = quadratic(delta, rows, n, h);
        double den = quadratic(a, rows, n, h);
        return den > 0 ? num / den : (num > 0 ? Double.POSITIVE_INFINITY : 0.0);
    }

    /** Σᵣ xᵣᵀ H xᵣ for x row-major [rows, n]. */
    static double quadratic(float[] x, int rows, int n, float[] h) {
        float[] xh = MatMul.multiply(new Matrix(rows, n, x), new Matrix(n, n, h)).data();
        double s = 0;
        for (int i = 0; i < xh.length; i++) s += (double) xh[i] * x[i];
        return s;
    }
}
