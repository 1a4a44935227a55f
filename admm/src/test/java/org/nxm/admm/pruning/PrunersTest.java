package org.nxm.admm.pruning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.nxm.admm.linalg.Gram;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;

class PrunersTest {
    /** Calibration inputs with correlated features of very different scales, as real activations have. */
    static float[] inputs(Random rnd, int tokens, int n) {
        float[] x = new float[tokens * n];
        double[] scale = new double[n];
        for (int j = 0; j < n; j++) scale[j] = Math.exp(rnd.nextGaussian());
        for (int t = 0; t < tokens; t++) {
            double common = rnd.nextGaussian();
            for (int j = 0; j < n; j++) x[t * n + j] = (float) (scale[j] * (rnd.nextGaussian() + 0.7 * common));
        }
        return x;
    }

    static Matrix weights(Random rnd, int out, int n) {
        float[] w = new float[out * n];
        for (int i = 0; i < w.length; i++) w[i] = (float) rnd.nextGaussian();
        return new Matrix(out, n, w);
    }

    static InputGram gram(float[] x, int tokens, int n) {
        Gram g = new Gram(n);
        g.add(x, tokens);
        return new InputGram(n, g.matrix(), tokens);
    }

    static List<Pruner> all() {
        return List.of(new MagnitudePruner(), new WandaPruner(), new SparseGptPruner(), new AdmmPruner());
    }

    @Test
    void projectionIsOptimalAgainstBruteForceAndIdempotent() {
        Random rnd = new Random(7);
        for (NmPattern p : List.of(new NmPattern(2, 4), new NmPattern(1, 4), new NmPattern(2, 8), new NmPattern(4, 8), new NmPattern(3, 5))) {
            for (int trial = 0; trial < 200; trial++) {
                float[] g = new float[p.m()];
                for (int j = 0; j < g.length; j++) g[j] = trial % 5 == 0 ? rnd.nextInt(3) - 1 : (float) rnd.nextGaussian();
                float[] proj = g.clone();
                p.projectInPlace(proj, 0, proj.length);
                double best = Double.POSITIVE_INFINITY;
                for (int subset = 0; subset < 1 << p.m(); subset++) {
                    if (Integer.bitCount(subset) != p.n()) continue;
                    double d = 0;
                    for (int j = 0; j < p.m(); j++) if ((subset & (1 << j)) == 0) d += (double) g[j] * g[j];
                    best = Math.min(best, d);
                }
                double got = 0;
                for (int j = 0; j < p.m(); j++) got += (double) (g[j] - proj[j]) * (g[j] - proj[j]);
                assertEquals(best, got, 1e-9, "projection is not the nearest N:M point for " + p);
                float[] again = proj.clone();
                p.projectInPlace(again, 0, again.length);
                assertTrue(java.util.Arrays.equals(proj, again), "projection is not idempotent");
            }
        }
    }

    @Test
    void transposedProjectionEqualsRowProjection() {
        Random rnd = new Random(8);
        NmPattern p = new NmPattern(2, 8);
        int out = 5, n = 16;
        Matrix w = weights(rnd, out, n);
        Matrix expected = w.copy();
        for (int r = 0; r < out; r++) p.projectInPlace(expected.data(), r * n, n);
        float[] t = w.transpose().data();
        float[] z = new float[t.length];
        NmProjection.project(t, z, new boolean[t.length], n, out, p);
        assertTrue(java.util.Arrays.equals(expected.transpose().data(), z));
    }

    @Test
    void sparseGptInverseFactorSatisfiesUtU() {
        Random rnd = new Random(9);
        int n = 24;
        float[] x = inputs(rnd, 100, n);
        double[] h = gram(x, 100, n).damped(0.01);
        float[] u = SparseGptPruner.upperCholeskyOfInverse(h, n);
        double[][] hh = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) hh[i][j] = h[i * n + j];
        RealMatrix inv = new LUDecomposition(new Array2DRowRealMatrix(hh)).getSolver().getInverse();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (j < i) assertEquals(0f, u[i * n + j]);
                double s = 0;
                for (int k = 0; k < n; k++) s += (double) u[k * n + i] * u[k * n + j];
                assertEquals(inv.getEntry(i, j), s, 1e-4 * (Math.abs(inv.getEntry(i, i)) + 1e-9));
            }
        }
    }

    @Test
    void everyPrunerGivesAnNmTensorForEveryPattern() {
        Random rnd = new Random(10);
        int tokens = 300, n = 64, out = 24;
        float[] x = inputs(rnd, tokens, n);
        InputGram g = gram(x, tokens, n);
        Matrix w0 = weights(rnd, out, n);
        float[] before = w0.data().clone();
        for (NmPattern p : List.of(new NmPattern(2, 4), new NmPattern(1, 4), new NmPattern(2, 8), new NmPattern(4, 8))) {
            for (Pruner pr : all()) {
                PruneResult res = pr.prune(new LayerProblem("t", w0, g, p));
                assertEquals(0, p.violations(res.weight().data(), out, n), pr.name() + " " + p);
                assertEquals(out * n / p.m() * p.n(), res.mask().kept(), pr.name() + " " + p);
                for (int i = 0; i < before.length; i++) {
                    if (!res.mask().keep()[i]) assertEquals(0f, res.weight().data()[i]);
                }
                assertTrue(java.util.Arrays.equals(before, w0.data()), pr.name() + " modified its input");
                assertTrue(res.report().errorAfter() >= 0 && res.report().errorAfter() < 1, pr.name() + " " + p);
            }
        }
    }

    @Test
    void admmBeatsMagnitudeAndWandaOnRandomLeastSquares() {
        Random rnd = new Random(11);
        int tokens = 400, n = 128, out = 64;
        float[] x = inputs(rnd, tokens, n);
        InputGram g = gram(x, tokens, n);
        Matrix w0 = weights(rnd, out, n);
        NmPattern p = NmPattern.TWO_FOUR;
        double mag = new MagnitudePruner().prune(new LayerProblem("t", w0, g, p)).report().errorAfter();
        double wanda = new WandaPruner().prune(new LayerProblem("t", w0, g, p)).report().errorAfter();
        double sgpt = new SparseGptPruner().prune(new LayerProblem("t", w0, g, p)).report().errorAfter();
        PruneResult admm = new AdmmPruner().prune(new LayerProblem("t", w0, g, p));
        double a = admm.report().errorAfter();
        assertTrue(a < wanda && wanda < mag, "admm " + a + " wanda " + wanda + " magnitude " + mag);
        assertTrue(a < 0.8 * wanda, "admm " + a + " not clearly below wanda " + wanda);
        assertTrue(sgpt < wanda, "sparsegpt " + sgpt + " wanda " + wanda);
        assertTrue(admm.report().iterations() > 0 && admm.report().finalRho() > 0);
    }

    /** Exact least squares of one row on a support: min (w − w0)ᵀH(w − w0), w zero off the support. */
    static double bestOnSupport(double[] h, int n, float[] w0row, boolean[] keep) {
        List<Integer> s = new ArrayList<>();
        for (int j = 0; j < n; j++) if (keep[j]) s.add(j);
        int k = s.size();
        double[][] a = new double[k][k];
        double[] b = new double[k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) a[i][j] = h[s.get(i) * n + s.get(j)];
            double hw = 0;
            for (int j = 0; j < n; j++) hw += h[s.get(i) * n + j] * w0row[j];
            b[i] = hw;
        }
        double[] ws = new CholeskyDecomposition(new Array2DRowRealMatrix(a)).getSolver()
                .solve(new org.apache.commons.math3.linear.ArrayRealVector(b)).toArray();
        double[] delta = new double[n];
        for (int j = 0; j < n; j++) delta[j] = w0row[j];
        for (int i = 0; i < k; i++) delta[s.get(i)] -= ws[i];
        double e = 0;
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) e += delta[i] * h[i * n + j] * delta[j];
        return e;
    }

    @Test
    void admmMatchesBruteForceOverAllMasksOnATinyLayer() {
        Random rnd = new Random(12);
        int tokens = 60, n = 12, out = 6;
        NmPattern p = NmPattern.TWO_FOUR;
        float[] x = inputs(rnd, tokens, n);
        InputGram g = gram(x, tokens, n);
        Matrix w0 = weights(rnd, out, n);
        double best = 0, norm = 0;
        for (int r = 0; r < out; r++) {
            float[] row = java.util.Arrays.copyOfRange(w0.data(), r * n, (r + 1) * n);
            double rowBest = Double.POSITIVE_INFINITY;
            for (int m0 = 0; m0 < 16; m0++) for (int m1 = 0; m1 < 16; m1++) for (int m2 = 0; m2 < 16; m2++) {
                if (Integer.bitCount(m0) != 2 || Integer.bitCount(m1) != 2 || Integer.bitCount(m2) != 2) continue;
                boolean[] keep = new boolean[n];
                int[] ms = {m0, m1, m2};
                for (int j = 0; j < n; j++) keep[j] = (ms[j / 4] & (1 << (j % 4))) != 0;
                rowBest = Math.min(rowBest, bestOnSupport(g.xtx(), n, row, keep));
            }
            best += rowBest;
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) norm += row[i] * g.xtx()[i * n + j] * row[j];
        }
        double bruteRel = best / norm;
        // The default 1% damping makes ADMM minimise a slightly different (ridge-regularised) objective,
        // about 1.2% above this optimum here; with negligible damping it must find the optimum itself.
        double wanda = new WandaPruner().prune(new LayerProblem("t", w0, g, p)).report().errorAfter();
        // Both schedules: the one before issue 16 (residual-driven ρ, refit) and the default (support-driven ρ,
        // no refit, whose converged Z is itself the least-squares fit on its support).
        for (AdmmSettings d : List.of(AdmmSettings.legacy(), AdmmSettings.defaults())) {
            AdmmSettings undamped = d.withDamping(1e-6);
            double admm = new AdmmPruner(undamped).prune(new LayerProblem("t", w0, g, p)).report().errorAfter();
            assertTrue(admm <= bruteRel * 1.01, d.schedule() + ": admm " + admm + " vs brute force " + bruteRel + " (wanda " + wanda + ")");
            assertTrue(admm >= bruteRel * (1 - 1e-6), "admm below the brute-force optimum? " + admm + " < " + bruteRel);
        }
    }

    @Test
    void supportScheduleConvergesSoARefitChangesLittle() {
        Random rnd = new Random(13);
        int tokens = 400, n = 128, out = 64;
        InputGram g = gram(inputs(rnd, tokens, n), tokens, n);
        Matrix w0 = weights(rnd, out, n);
        LayerProblem prob = new LayerProblem("t", w0, g, NmPattern.TWO_FOUR);
        PruneResult plain = new AdmmPruner().prune(prob);
        PruneResult refit = new AdmmPruner(AdmmSettings.defaults().withRefitIterations(50)).prune(prob);
        assertTrue(plain.report().iterations() < AdmmSettings.defaults().maxIterations(), "stopped on a stable support");
        double a = plain.report().errorAfter(), b = refit.report().errorAfter();
        assertTrue(b <= a * (1 + 1e-6) && a <= b * 1.02, "no refit " + a + " vs refit " + b);
    }
}
