package org.nxm.model.tensor;

import java.util.stream.IntStream;

/**
 * Matrix multiplication kernels. {@link #reference} is the plain triple loop every fast kernel is
 * tested against.
 */
public final class MatMul {
    private MatMul() {}

    /** Plain i-k-j loop with float32 accumulation: the test reference. */
    public static Matrix reference(Matrix a, Matrix b) {
        checkInner(a.cols(), b.rows());
        int n = a.rows(), k = a.cols(), m = b.cols();
        float[] c = new float[n * m];
        float[] ad = a.data(), bd = b.data();
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < k; p++) {
                float av = ad[i * k + p];
                for (int j = 0; j < m; j++) c[i * m + j] += av * bd[p * m + j];
            }
        }
        return new Matrix(n, m, c);
    }

    /** a · b, rows split across threads. */
    public static Matrix multiply(Matrix a, Matrix b) {
        checkInner(a.cols(), b.rows());
        int n = a.rows(), k = a.cols(), m = b.cols();
        float[] c = new float[n * m];
        float[] ad = a.data(), bd = b.data();
        IntStream range = IntStream.range(0, n);
        if ((long) n * k * m > 1 << 16) range = range.parallel();
        range.forEach(i -> {
            int cBase = i * m;
            for (int p = 0; p < k; p++) {
                float av = ad[i * k + p];
                if (av == 0f) continue;
                int bBase = p * m;
                for (int j = 0; j < m; j++) c[cBase + j] += av * bd[bBase + j];
            }
        });
        return new Matrix(n, m, c);
    }

    /** a · bᵀ (b stored [m, k]). */
    public static Matrix multiplyTransposed(Matrix a, Matrix b) {
        return multiply(a, b.transpose());
    }

    private static void checkInner(int ak, int bk) {
        if (ak != bk) throw new IllegalArgumentException("inner dimensions differ: " + ak + " vs " + bk);
    }
}
