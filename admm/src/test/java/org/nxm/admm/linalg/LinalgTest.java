package org.nxm.admm.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

class LinalgTest {
    static float[] random(Random rnd, int len) {
        float[] a = new float[len];
        for (int i = 0; i < len; i++) a[i] = (float) rnd.nextGaussian();
        return a;
    }

    /** A random SPD matrix XᵀX + εI, float64 [n, n]. */
    static double[] spd(Random rnd, int n) {
        float[] x = random(rnd, 3 * n * n);
        double[] h = Gram.reference(x, 3 * n, n);
        for (int i = 0; i < n; i++) h[i * n + i] += 0.1;
        return h;
    }

    static RealMatrix real(double[] a, int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) System.arraycopy(a, i * n, m[i], 0, n);
        return new Array2DRowRealMatrix(m, false);
    }

    @Test
    void gemmMatchesReference() {
        Random rnd = new Random(1);
        for (int[] s : new int[][] {{1, 1, 1}, {7, 13, 5}, {33, 70, 131}, {64, 64, 64}}) {
            float[] a = random(rnd, s[0] * s[1]), b = random(rnd, s[1] * s[2]);
            float[] fast = Gemm.multiply(a, s[0], s[1], b, s[2]);
            float[] ref = Gemm.reference(a, s[0], s[1], b, s[2]);
            for (int i = 0; i < ref.length; i++) assertEquals(ref[i], fast[i], 1e-4 * (1 + Math.abs(ref[i])));
        }
    }

    @Test
    void gramMatchesFloat64Reference() {
        Random rnd = new Random(2);
        int rows = 300, n = 37;   // more than one chunk, width not a vector multiple
        float[] x = random(rnd, rows * n);
        Gram g = new Gram(n);
        g.add(x, 150);
        float[] rest = java.util.Arrays.copyOfRange(x, 150 * n, rows * n);
        g.add(rest, rows - 150);
        double[] ref = Gram.reference(x, rows, n);
        double[] h = g.matrix();
        for (int i = 0; i < ref.length; i++) assertEquals(ref[i], h[i], 1e-5 * (1 + Math.abs(ref[i])));
        assertEquals(rows, g.tokens());
    }

    @Test
    void choleskyMatchesCommonsMath() {
        Random rnd = new Random(3);
        for (int n : new int[] {1, 45, 300}) { // 300 takes the multithreaded column path
            double[] a = spd(rnd, n);
            double[] l = Cholesky.factor(a, n).lower();
            RealMatrix ref = new CholeskyDecomposition(real(a, n)).getL();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) assertEquals(ref.getEntry(i, j), l[i * n + j], 1e-9 * (1 + Math.abs(ref.getEntry(i, j))));
            }
        }
    }

    @Test
    void solveWithManyRightHandSidesMatchesCommonsMath() {
        Random rnd = new Random(4);
        int n = 40, cols = 150;
        double[] a = spd(rnd, n);
        float[] b = random(rnd, n * cols);
        float[] y = b.clone();
        Cholesky.factor(a, n).solveInPlace(y, cols);
        double[][] bb = new double[n][cols];
        for (int i = 0; i < n; i++) for (int c = 0; c < cols; c++) bb[i][c] = b[i * cols + c];
        RealMatrix ref = new CholeskyDecomposition(real(a, n)).getSolver().solve(new Array2DRowRealMatrix(bb, false));
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < cols; c++) assertEquals(ref.getEntry(i, c), y[i * cols + c], 1e-3 * (1 + Math.abs(ref.getEntry(i, c))));
        }
    }

    /**
     * The blocked solve against Commons Math's float64 solve and against substitution row by row: sizes
     * below one block, an exact multiple of the block, and a ragged last block; widths off the vector length.
     */
    @Test
    void blockedSolveMatchesCommonsMathAndSubstitution() {
        Random rnd = new Random(7);
        for (int[] s : new int[][] {{5, 3, 8}, {64, 37, 16}, {100, 70, 32}, {130, 19, 128}}) {
            int n = s[0], cols = s[1], block = s[2];
            double[] a = spd(rnd, n);
            float[] b = random(rnd, n * cols);
            Cholesky c = Cholesky.factor(a, n);
            float[] blocked = b.clone(), rowByRow = b.clone();
            new BlockedSolve(c, block).solveInPlace(blocked, cols);
            c.solveInPlace(rowByRow, cols);
            double[][] bb = new double[n][cols];
            for (int i = 0; i < n; i++) for (int j = 0; j < cols; j++) bb[i][j] = b[i * cols + j];
            RealMatrix ref = new CholeskyDecomposition(real(a, n)).getSolver().solve(new Array2DRowRealMatrix(bb, false));
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < cols; j++) {
                    double r = ref.getEntry(i, j), tol = 1e-3 * (1 + Math.abs(r));
                    assertEquals(r, blocked[i * cols + j], tol, "n=" + n + " block=" + block + " at " + i + "," + j);
                    assertEquals(rowByRow[i * cols + j], blocked[i * cols + j], tol);
                }
            }
        }
    }

    @Test
    void singleRightHandSideSolveInFloat64() {
        Random rnd = new Random(6);
        int n = 33;
        double[] a = spd(rnd, n);
        double[] b = new double[n];
        for (int i = 0; i < n; i++) b[i] = rnd.nextGaussian();
        double[] x = Cholesky.factor(a, n).solve(b);
        double[] ref = new CholeskyDecomposition(real(a, n)).getSolver()
                .solve(new org.apache.commons.math3.linear.ArrayRealVector(b)).toArray();
        for (int i = 0; i < n; i++) assertEquals(ref[i], x[i], 1e-9 * (1 + Math.abs(ref[i])));
    }

    @Test
    void lowerInverseIsTheInverse() {
        Random rnd = new Random(5);
        int n = 30;
        Cholesky c = Cholesky.factor(spd(rnd, n), n);
        double[] l = c.lower(), inv = c.lowerInverse();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += l[i * n + k] * inv[k * n + j];
                assertEquals(i == j ? 1.0 : 0.0, s, 1e-9);
            }
        }
    }

    @Test
    void notPositiveDefiniteIsRejected() {
        assertThrows(ArithmeticException.class, () -> Cholesky.factor(new double[] {1, 2, 2, 1}, 2));
    }
}
