package org.nxm.admm.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ProbesTest {
    /** Two Gaussian classes in d dims, means ±shift along a random direction. */
    static double[][] data(Random rnd, int n, int d, double shift, int[] yOut) {
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            yOut[i] = rnd.nextInt(2);
            for (int j = 0; j < d; j++) x[i][j] = rnd.nextGaussian() * (j + 1) + (yOut[i] == 1 ? shift : -shift) * (j % 3 == 0 ? 1 : 0);
        }
        return x;
    }

    @Test
    void newtonSolutionSatisfiesTheOptimalityCondition() {
        Random rnd = new Random(1);
        int n = 300, d = 6;
        int[] y = new int[n];
        double[][] x = data(rnd, n, d, 0.8, y);
        LogisticRegression lr = LogisticRegression.fit(x, y, Probes.LAMBDA);
        // Gradient of the objective in standardised coordinates must vanish: check it numerically
        // through the loss, by finite differences along each raw feature direction of the probability
        // residual Σ (p − y) = 0 (the unpenalised bias component).
        double sum = 0;
        for (int i = 0; i < n; i++) sum += lr.probability(x[i]) - y[i];
        assertEquals(0, sum, 1e-6);
        int correct = 0;
        for (int i = 0; i < n; i++) if (lr.predict(x[i]) == y[i]) correct++;
        assertTrue(correct > 0.7 * n, "training accuracy " + correct);
    }

    @Test
    void separatesALearnableProblemAndCrossValidatesDeterministically() {
        Random rnd = new Random(2);
        int n = 400, d = 10;
        int[] y = new int[n];
        double[][] x = data(rnd, n, d, 2.0, y);
        BinaryMetrics a = Probes.crossValidate(x, y, 10, 42);
        BinaryMetrics b = Probes.crossValidate(x, y, 10, 42);
        assertEquals(a, b);
        assertTrue(a.accuracy() > 0.85, "cv accuracy " + a);
        int[] noise = new int[n];
        for (int i = 0; i < n; i++) noise[i] = rnd.nextInt(2);
        assertTrue(Probes.crossValidate(x, noise, 10, 42).accuracy() < 0.62, "random labels must not be learnable");
    }

    @Test
    void metricsAndCorrelations() {
        BinaryMetrics m = BinaryMetrics.of(new int[] {1, 1, 0, 0, 1}, new int[] {1, 0, 0, 1, 1});
        assertEquals(0.6, m.accuracy(), 1e-12);
        assertEquals(2.0 * 2 / (2 * 2 + 1 + 1), m.f1(), 1e-12);
        assertEquals(1.0, Similarity.spearman(new double[] {1, 2, 3, 4}, new double[] {10, 20, 25, 100}), 1e-12);
        assertEquals(-1.0, Similarity.spearman(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12);
        assertEquals(1.0, Similarity.cosine(new float[] {1, 2}, new float[] {2, 4}), 1e-9);
        assertEquals(0.0, Similarity.cosine(new float[] {1, 0}, new float[] {0, 3}), 1e-12);
        assertEquals(10, Probes.subset(100, 10, 42).size());
        assertEquals(Probes.subset(100, 10, 42), Probes.subset(100, 10, 42));
    }
}
