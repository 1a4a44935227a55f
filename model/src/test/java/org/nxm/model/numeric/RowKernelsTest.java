package org.nxm.model.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** LayerNorm and softmax rows against float64 references. */
class RowKernelsTest {
    @Test
    void layerNormMatchesFloat64() {
        Random r = new Random(3);
        int d = 384;
        float[] x = new float[d + 5], gamma = new float[d], beta = new float[d], out = new float[d];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * 3 + 1);
        for (int i = 0; i < d; i++) { gamma[i] = (float) r.nextGaussian(); beta[i] = (float) r.nextGaussian(); }
        RowKernels.layerNorm(x, 5, out, 0, d, gamma, beta, 1e-12);
        double mean = 0, var = 0;
        for (int i = 0; i < d; i++) mean += x[5 + i];
        mean /= d;
        for (int i = 0; i < d; i++) var += (x[5 + i] - mean) * (x[5 + i] - mean);
        var /= d;
        for (int i = 0; i < d; i++) {
            double exact = (x[5 + i] - mean) / Math.sqrt(var + 1e-12) * gamma[i] + beta[i];
            assertEquals(exact, out[i], 4e-7 * (1 + Math.abs(exact) + Math.abs(gamma[i]) * 4), "j=" + i);
        }
    }

    @Test
    void layerNormKeepingStatsIsThePlainKernelBitForBit() {
        Random r = new Random(4);
        int d = 37;
        float[] x = new float[d], gamma = new float[d], beta = new float[d], plain = new float[d], kept = new float[d], xhat = new float[d + 2];
        for (int i = 0; i < d; i++) { x[i] = (float) (r.nextGaussian() * 2 - 1); gamma[i] = (float) r.nextGaussian(); beta[i] = (float) r.nextGaussian(); }
        RowKernels.layerNorm(x, 0, plain, 0, d, gamma, beta, 1e-5);
        float inv = RowKernels.layerNorm(x, 0, kept, 0, d, gamma, beta, 1e-5, xhat, 2);
        double mean = 0, var = 0;
        for (int i = 0; i < d; i++) mean += x[i];
        mean /= d;
        for (int i = 0; i < d; i++) var += (x[i] - mean) * (x[i] - mean);
        var /= d;
        assertEquals(1 / Math.sqrt(var + 1e-5), inv, 1e-6 * inv);
        for (int i = 0; i < d; i++) {
            assertEquals(plain[i], kept[i]);                                   // same bits
            assertEquals((x[i] - mean) / Math.sqrt(var + 1e-5), xhat[2 + i], 1e-6);
            assertEquals(xhat[2 + i] * gamma[i] + beta[i], kept[i]);          // output from the kept x̂
        }
    }

    @Test
    void softmaxMatchesFloat64AndMasks() {
        float[] x = {1f, Float.NEGATIVE_INFINITY, 3f, -2f, 0.5f, 9f};
        float[] y = x.clone();
        assertTrue(RowKernels.softmax(y, 1, 5));
        double max = 9, sum = 0;
        for (int i = 1; i < 6; i++) if (x[i] != Float.NEGATIVE_INFINITY) sum += Math.exp(x[i] - max);
        assertEquals(1f, y[0]);               // outside the row: untouched
        assertEquals(0f, y[1]);               // masked: exactly zero
        for (int i = 2; i < 6; i++) assertEquals(Math.exp(x[i] - max) / sum, y[i], 1e-7);
        float[] none = {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY};
        assertFalse(RowKernels.softmax(none, 0, 2));
    }
}
