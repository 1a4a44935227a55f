package org.nxm.simulator.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void sparseMmaEqualsDenseReferenceOnMaskedWeightsBitForBit() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (NmPattern p : new NmPattern[] {new NmPattern(2, 4), new NmPattern(1, 4), new NmPattern(2, 8), new NmPattern(4, 8), new NmPattern(3, 16)}) {
            for (int bn : new int[] {1, 7, 16, 33, 64, 150}) {
                int bm = 3 + rnd.nextInt(20);
                int k = p.m() * (1 + rnd.nextInt(12));
                float[] w = random(rnd, bm * k);
                for (int o = 0; o < bm; o++) p.projectInPlace(w, o * k, k);
                float[] b = random(rnd, k * bn);
                LogicalNm c = LogicalNm.compress(w, bm, k, p);
                assertArrayEquals(w, c.decode(), "decode(compress(w)) = w for " + p);
                int kept = k / p.m() * p.n();
                int[] cols = SparseMma.columns(c.index(), bm, k, p);
                float[] init = random(rnd, bm * bn);
                float[] ref = MatMul.reference(new Matrix(bm, k, w), new Matrix(k, bn, b)).data();
                float[] plain = new float[bm * bn];
                SparseMma.mmaSparsePlain(c.values(), cols, kept, bm, b, bn, plain);
                // Same ascending-k float32 order as the dense loop: equal bit for bit.
                assertArrayEquals(ref, plain, "pattern " + p + " bn " + bn);
                // The fast path (Vector API when loaded) keeps that order: bit-identical, also when accumulating.
                float[] fast = init.clone(), slow = init.clone();
                SparseMma.mmaSparse(c.values(), cols, kept, bm, b, bn, fast);
                SparseMma.mmaSparsePlain(c.values(), cols, kept, bm, b, bn, slow);
                assertArrayEquals(slow, fast, "vector vs plain, pattern " + p + " bn " + bn);
                float[] dense = new float[bm * bn];
                SparseMma.mmaDense(w, bm, k, b, bn, dense);
                assertArrayEquals(ref, dense);
                float[] densePlain = init.clone(), denseFast = init.clone();
                SparseMma.mmaDensePlain(w, bm, k, b, bn, densePlain);
                SparseMma.mmaDense(w, bm, k, b, bn, denseFast);
                assertArrayEquals(densePlain, denseFast);
            }
        }
    }

    @Test
    void theTestsRunTheVectorKernels() {
        // Surefire adds jdk.incubator.vector: without it the test above would compare the plain loops with themselves.
        assertTrue(MatMul.VECTOR_API);
    }

    @Test
    void int8AccumulatesExactlyInInt32() {
        SplittableRandom rnd = new SplittableRandom(8);
        NmPattern p = NmPattern.TWO_FOUR;
        int bn = 16, bm = 8, k = 64;
        float[] wf = new float[bm * k];
        for (int o = 0; o < bm; o++) {
            for (int i = 0; i < k; i++) wf[o * k + i] = rnd.nextInt(255) - 127;
            p.projectInPlace(wf, o * k, k);
        }
        LogicalNm c = LogicalNm.compress(wf, bm, k, p);
        byte[] vals = new byte[c.values().length];
        for (int i = 0; i < vals.length; i++) vals[i] = (byte) c.values()[i];
        byte[] dense = new byte[wf.length];
        for (int i = 0; i < dense.length; i++) dense[i] = (byte) wf[i];
        byte[] b = new byte[k * bn];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (rnd.nextInt(256) - 128);
        int[] acc = new int[bm * bn], accDense = new int[bm * bn];
        SparseMma.mmaSparseInt8(vals, SparseMma.columns(c.index(), bm, k, p), k / 2, bm, b, bn, acc);
        SparseMma.mmaDenseInt8(dense, bm, k, b, bn, accDense);
        for (int i = 0; i < bm; i++) {
            for (int j = 0; j < bn; j++) {
                long ref = 0;
                for (int kk = 0; kk < k; kk++) ref += (long) wf[i * k + kk] * b[kk * bn + j];
                assertEquals(ref, acc[i * bn + j]);
                assertEquals(ref, accDense[i * bn + j]);
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
