package org.nxm.admm.linalg;

import java.util.stream.IntStream;

/**
 * Cholesky factorisation A = L·Lᵀ of a symmetric positive-definite float64 matrix, and the solves the
 * pruners need. Tested against Commons Math's {@code CholeskyDecomposition}; written here because the
 * pruners factorise 1536×1536 matrices many times and need batched (many right-hand sides) solves.
 */
public final class Cholesky {
    private final int n;
    /** Lower factor, row-major, upper part zero. */
    private final double[] l;

    private Cholesky(int n, double[] l) {
        this.n = n;
        this.l = l;
    }

    public int size() { return n; }
    /** The lower factor L (row-major [n, n], not a copy). */
    public double[] lower() { return l; }

    /**
     * Factorises a (row-major [n, n], symmetric; only the lower triangle is read).
     * @throws ArithmeticException if a is not positive definite
     */
    public static Cholesky factor(double[] a, int n) {
        double[] l = new double[n * n];
        // Column by column (left-looking): L[j][j] = √(A[j][j] − L[j,:j]·L[j,:j]), then every entry below it
        // L[i][j] = (A[i][j] − L[i,:j]·L[j,:j]) / L[j][j] needs only rows i and j left of column j, so the
        // rows of one column are independent and split across cores (the serial row-by-row form left one
        // core idle through the many 1536×1536 factorisations of ADMM's ρ schedule).
        for (int j = 0; j < n; j++) {
            int rj = j * n;
            double s = a[rj + j] - dot(l, rj, l, rj, j);
            if (!(s > 0)) throw new ArithmeticException("matrix not positive definite at pivot " + j);
            double ljj = Math.sqrt(s);
            l[rj + j] = ljj;
            final int col = j;
            IntStream below = IntStream.range(j + 1, n);
            if ((long) (n - j - 1) * j > PARALLEL_WORK) below = below.parallel();
            below.forEach(i -> {
                int ri = i * n;
                l[ri + col] = (a[ri + col] - dot(l, ri, l, rj, col)) / ljj;
            });
        }
        return new Cholesky(n, l);
    }

    /** Multiply-adds per column below which splitting across threads costs more than it saves. */
    private static final long PARALLEL_WORK = 1L << 15;

    private static double dot(double[] x, int xo, double[] y, int yo, int len) {
        return Vec.dot(x, xo, y, yo, len);
    }

    /**
     * Solves A·Y = B in place for many right-hand sides: b is row-major [n, cols] (each column one
     * right-hand side) and becomes Y. Forward then backward substitution; each step is a row axpy over
     * the columns, and the columns are split across threads.
     */
    public void solveInPlace(float[] b, int cols) {
        if (b.length != n * cols) throw new IllegalArgumentException("b is not " + n + "x" + cols);
        float[] lf = lowerFloat();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        int block = Math.max(64, ((cols + threads - 1) / threads + 15) / 16 * 16);
        int blocks = (cols + block - 1) / block;
        IntStream.range(0, blocks).parallel().forEach(bi -> {
            int c0 = bi * block, len = Math.min(block, cols - c0);
            // L·T = B: row i of T = (B_i − Σ_{k<i} L[i,k] T_k) / L[i,i]
            for (int i = 0; i < n; i++) {
                int ri = i * n;
                for (int k = 0; k < i; k++) {
                    float lik = lf[ri + k];
                    if (lik != 0f) Vec.axpy(-lik, b, k * cols + c0, b, i * cols + c0, len);
                }
                scale(b, i * cols + c0, len, 1f / lf[ri + i]);
            }
            // Lᵀ·Y = T: row i of Y = (T_i − Σ_{k>i} L[k,i] Y_k) / L[i,i]
            for (int i = n - 1; i >= 0; i--) {
                for (int k = i + 1; k < n; k++) {
                    float lki = lf[k * n + i];
                    if (lki != 0f) Vec.axpy(-lki, b, k * cols + c0, b, i * cols + c0, len);
                }
                scale(b, i * cols + c0, len, 1f / lf[i * n + i]);
            }
        });
    }

    /** Solves A·x = b in float64 (one right-hand side); returns x. */
    public double[] solve(double[] b) {
        if (b.length != n) throw new IllegalArgumentException("b has " + b.length + " entries, expected " + n);
        double[] x = b.clone();
        for (int i = 0; i < n; i++) {
            x[i] = (x[i] - dot(l, i * n, x, 0, i)) / l[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = x[i];
            for (int k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
            x[i] = s / l[i * n + i];
        }
        return x;
    }

    private float[] lowerF;

    private float[] lowerFloat() {
        if (lowerF == null) {
            float[] f = new float[l.length];
            for (int i = 0; i < l.length; i++) f[i] = (float) l[i];
            lowerF = f;
        }
        return lowerF;
    }

    private static void scale(float[] x, int off, int len, float s) {
        for (int i = 0; i < len; i++) x[off + i] *= s;
    }

    /** L⁻¹ (lower triangular, row-major), by forward substitution on the identity, in float64. */
    public double[] lowerInverse() {
        return lowerInverse(l, n);
    }

    /** The inverse of the lower-triangular l (row-major [n, n]; the upper part is not read), in float64. */
    static double[] lowerInverse(double[] l, int n) {
        double[] inv = new double[n * n];
        // Column j of L⁻¹ solves L x = e_j; entries above j are zero.  Computed row by row:
        // inv[i][j] = (δij − Σ_{j≤k<i} L[i,k] inv[k][j]) / L[i,i]
        IntStream cols = IntStream.range(0, n);
        if ((long) n * n * n > PARALLEL_WORK * 64) cols = cols.parallel();
        cols.forEach(j -> {
            double[] col = new double[n];
            for (int i = j; i < n; i++) {
                double s = (i == j) ? 1.0 : 0.0;
                int ri = i * n;
                for (int k = j; k < i; k++) s -= l[ri + k] * col[k];
                col[i] = s / l[ri + i];
            }
            for (int i = j; i < n; i++) inv[i * n + j] = col[i];
        });
        return inv;
    }
}
