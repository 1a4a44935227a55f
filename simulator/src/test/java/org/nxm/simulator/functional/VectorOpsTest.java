package org.nxm.simulator.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorOpsTest {
    @Test
    void softmaxMatchesFloat64() {
        SplittableRandom r = new SplittableRandom(1);
        int rows = 7, cols = 33;
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * 5);
        float[] y = x.clone();
        VectorOps.softmaxRows(y, rows, cols);
        for (int row = 0; row < rows; row++) {
            double sum = 0;
            for (int c = 0; c < cols; c++) sum += Math.exp(x[row * cols + c]);
            for (int c = 0; c < cols; c++) {
                double ref = Math.exp(x[row * cols + c]) / sum;
                assertEquals(ref, y[row * cols + c], 1e-6 * Math.max(ref, 1e-3));
            }
        }
    }

    /** The simulator's GELU epilogue is the model's kernel (Gelu.applyInPlace): vector lanes and the scalar tail. */
    @Test
    void geluMatchesKnownValues() {
        float[] known = {0f, 1f, -1f, 2f, -3f};
        // x·Φ(x) from tables of the normal CDF.
        double[] want = {0.0, 0.8413447460685429, -0.15865525393145707, 1.9544997361036416, -0.004049694740208};
        float[] x = new float[known.length * 9];
        for (int i = 0; i < x.length; i++) x[i] = known[i % known.length];
        org.nxm.model.transformer.Gelu.applyInPlace(x, 0, x.length);
        for (int i = 0; i < x.length; i++) assertEquals(want[i % known.length], x[i], 2e-7 * (1 + Math.abs(known[i % known.length])), "at " + i);
    }

    @Test
    void layerNormMatchesFloat64() {
        SplittableRandom r = new SplittableRandom(2);
        int rows = 4, cols = 50;
        float[] x = new float[rows * cols];
        float[] g = new float[cols];
        float[] b = new float[cols];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * 3 + 1);
        for (int i = 0; i < cols; i++) { g[i] = (float) r.nextGaussian(); b[i] = (float) r.nextGaussian(); }
        float[] y = x.clone();
        VectorOps.layerNorm(y, rows, cols, g, b, 1e-12f);
        for (int row = 0; row < rows; row++) {
            double mean = 0, var = 0;
            for (int c = 0; c < cols; c++) mean += x[row * cols + c];
            mean /= cols;
            for (int c = 0; c < cols; c++) var += Math.pow(x[row * cols + c] - mean, 2);
            var /= cols;
            for (int c = 0; c < cols; c++) {
                double ref = (x[row * cols + c] - mean) / Math.sqrt(var + 1e-12) * g[c] + b[c];
                assertEquals(ref, y[row * cols + c], 1e-5);
            }
        }
    }
}
