package org.nxm.model.tensor;

import java.util.stream.IntStream;

/**
 * Matrix multiplication kernels. {@link #reference} is the plain triple loop every fast kernel is
 * tested against; {@link #multiply} and {@link #multiplyTransposed} use the register-blocked Vector API
 * kernels on both cores when {@code jdk.incubator.vector} is present (the launcher, Surefire and the
 * benchmarks add it) and the plain parallel loops ({@link #multiplyPlain}, {@link #multiplyTransposedPlain})
 * otherwise.
 */
public final class MatMul {
    private MatMul() {}

    /** Whether the Vector API module is loaded in this JVM; decided once, never changes. */
    public static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

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

    /** a · b with the fastest kernel available. */
    public static Matrix multiply(Matrix a, Matrix b) {
        checkInner(a.cols(), b.rows());
        if (!VECTOR_API) return multiplyPlain(a, b);
        float[] c = new float[a.rows() * b.cols()];
        VectorMatMul.multiply(a.data(), b.data(), c, a.rows(), a.cols(), b.cols());
        return new Matrix(a.rows(), b.cols(), c);
    }

    /**
     * a · bᵀ with b stored [m, k] — the Linear layer X·Wᵀ for a weight [out, in]. The vector kernel
     * takes dot products of rows, so bᵀ is never materialised.
     */
    public static Matrix multiplyTransposed(Matrix a, Matrix b) {
        checkInner(a.cols(), b.cols());
        if (!VECTOR_API) return multiplyTransposedPlain(a, b);
        float[] c = new float[a.rows() * b.rows()];
        VectorMatMul.multiplyTransposed(a.data(), b.data(), c, a.rows(), a.cols(), b.rows());
        return new Matrix(a.rows(), b.rows(), c);
    }

    /**
     * aᵀ · b with a stored [k, n] — the weight gradient dYᵀ·X of a Linear layer ([tokens, out] and
     * [tokens, in]) without materialising dYᵀ.
     */
    public static Matrix multiplyTransposedA(Matrix a, Matrix b) {
        checkInner(a.rows(), b.rows());
        if (!VECTOR_API) return multiplyPlain(a.transpose(), b);
        float[] c = new float[a.cols() * b.cols()];
        VectorMatMul.multiplyTransposedA(a.data(), b.data(), c, a.cols(), a.rows(), b.cols());
        return new Matrix(a.cols(), b.cols(), c);
    }

    /** Fallback a · b: plain i-k-j loops, rows split across threads. */
    public static Matrix multiplyPlain(Matrix a, Matrix b) {
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
                int bBase = p * m;
                for (int j = 0; j < m; j++) c[cBase + j] += av * bd[bBase + j];
            }
        });
        return new Matrix(n, m, c);
    }

    /** Fallback a · bᵀ: plain dot-product loops, rows split across threads. */
    public static Matrix multiplyTransposedPlain(Matrix a, Matrix b) {
        checkInner(a.cols(), b.cols());
        int n = a.rows(), k = a.cols(), m = b.rows();
        float[] c = new float[n * m];
        float[] ad = a.data(), bd = b.data();
        IntStream range = IntStream.range(0, n);
        if ((long) n * k * m > 1 << 16) range = range.parallel();
        range.forEach(i -> {
            for (int j = 0; j < m; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) s += ad[i * k + p] * bd[j * k + p];
                c[i * m + j] = s;
            }
        });
        return new Matrix(n, m, c);
    }

    /** Dot product of a[ao, ao+k) and b[bo, bo+k), vectorised when the Vector API is present. */
    public static float dot(float[] a, int ao, float[] b, int bo, int k) {
        if (VECTOR_API) return VectorMatMul.dot(a, ao, b, bo, k);
        float s = 0f;
        for (int p = 0; p < k; p++) s += a[ao + p] * b[bo + p];
        return s;
    }

    private static void checkInner(int ak, int bk) {
        if (ak != bk) throw new IllegalArgumentException("inner dimensions differ: " + ak + " vs " + bk);
    }
}
