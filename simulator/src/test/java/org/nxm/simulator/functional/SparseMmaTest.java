package org.nxm.simulator.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.MatMul;
import org.nxm.model.tensor.Matrix;

class SparseMmaTest {
    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    @Test
    void sparseGatherEqualsDenseReferenceOnMaskedWeights() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (NmPattern p : new NmPattern[] {new NmPattern(2, 4), new NmPattern(1, 4), new NmPattern(2, 8), new NmPattern(4, 8), new NmPattern(3, 16)}) {
            int rows = 5 + rnd.nextInt(20);
            int outs = 3 + rnd.nextInt(20);
            int k = p.m() * (1 + rnd.nextInt(12));
            float[] w = random(rnd, outs * k);
            for (int o = 0; o < outs; o++) p.projectInPlace(w, o * k, k);
            float[] x = random(rnd, rows * k);
            LogicalNm c = LogicalNm.compress(w, outs, k, p);
            assertArrayEquals(w, c.decode(), "decode(compress(w)) = w for " + p);
            float[] acc = new float[rows * outs];
            SparseMma.mmaFloat(x, rows, k, c.values(), c.index(), outs, p, acc);
            Matrix ref = MatMul.reference(new Matrix(rows, k, x), new Matrix(outs, k, w).transpose());
            // Same ascending-k float32 order: equal bit for bit.
            assertArrayEquals(ref.data(), acc, "pattern " + p);
            float[] dense = new float[rows * outs];
            SparseMma.mmaDense(x, rows, k, w, outs, dense);
            assertArrayEquals(ref.data(), dense);
        }
    }

    @Test
    void int8AccumulatesExactlyInInt32() {
        SplittableRandom rnd = new SplittableRandom(8);
        NmPattern p = NmPattern.TWO_FOUR;
        int rows = 16, outs = 8, k = 64;
        byte[] w = new byte[outs * k];
        for (int i = 0; i < w.length; i++) w[i] = (byte) (rnd.nextInt(255) - 127);
        float[] wf = new float[w.length];
        for (int o = 0; o < outs; o++) {
            for (int i = 0; i < k; i++) wf[o * k + i] = w[o * k + i];
            p.projectInPlace(wf, o * k, k);
        }
        LogicalNm c = LogicalNm.compress(wf, outs, k, p);
        byte[] vals = new byte[c.values().length];
        for (int i = 0; i < vals.length; i++) vals[i] = (byte) c.values()[i];
        byte[] x = new byte[rows * k];
        for (int i = 0; i < x.length; i++) x[i] = (byte) (rnd.nextInt(256) - 128);
        int[] acc = new int[rows * outs];
        SparseMma.mmaInt8(x, rows, k, vals, c.index(), outs, p, acc);
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < outs; o++) {
                long ref = 0;
                for (int i = 0; i < k; i++) ref += (long) wf[o * k + i] * x[r * k + i];
                assertEquals(ref, acc[r * outs + o]);
            }
        }
    }

    @Test
    void compressRefusesWeightsOutsideThePattern() {
        float[] w = {1, 2, 3, 0};
        assertThrows(IllegalArgumentException.class, () -> LogicalNm.compress(w, 1, 4, NmPattern.TWO_FOUR));
    }

    @Test
    void holesPadWithZerosAtFreePositions() {
        float[] w = {0, 5, 0, 0, 0, 0, 0, 0};
        LogicalNm c = LogicalNm.compress(w, 1, 8, NmPattern.TWO_FOUR);
        assertArrayEquals(new byte[] {0, 1, 0, 1}, c.index());
        assertArrayEquals(new float[] {0, 5, 0, 0}, c.values());
        assertArrayEquals(w, c.decode());
    }
}
