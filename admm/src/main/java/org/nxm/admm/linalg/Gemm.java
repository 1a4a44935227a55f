package org.nxm.admm.linalg;

import java.util.stream.IntStream;

/**
 * Float32 matrix products on raw row-major arrays, vectorised over the output row and split across
 * threads by rows. {@link #reference} is the plain triple loop (float64 accumulation) the tests use.
 */
public final class Gemm {
    private Gemm() {}

    /** c[m×n] = a[m×k] · b[k×n]. */
    public static float[] multiply(float[] a, int m, int k, float[] b, int n) {
        float[] c = new float[m * n];
        IntStream rows = IntStream.range(0, m);
        if ((long) m * k * n > 1 << 18) rows = rows.parallel();
        rows.forEach(i -> {
            int cBase = i * n;
            int aBase = i * k;
            for (int p = 0; p < k; p++) {
                float av = a[aBase + p];
                if (av != 0f) Vec.axpy(av, b, p * n, c, cBase, n);
            }
        });
        return c;
    }

    /** The test reference: triple loop with float64 accumulation. */
    public static float[] reference(float[] a, int m, int k, float[] b, int n) {
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += (double) a[i * k + p] * b[p * n + j];
                c[i * n + j] = (float) s;
            }
        }
        return c;
    }

    /** Transpose of a row-major [rows × cols] array. */
    public static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) t[c * rows + r] = a[base + c];
        }
        return t;
    }
}
