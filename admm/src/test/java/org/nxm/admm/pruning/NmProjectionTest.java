package org.nxm.admm.pruning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nxm.model.sparsity.NmPattern;

/** The projection used by ADMM against its reference, bit for bit, ties and NaNs included. */
class NmProjectionTest {
    @Test
    void fastPathEqualsTopNMaskPerGroupIncludingTiesZerosAndNaN() {
        Random rnd = new Random(11);
        for (NmPattern p : List.of(new NmPattern(2, 4), new NmPattern(1, 4), new NmPattern(2, 8), new NmPattern(4, 8), new NmPattern(1, 2))) {
            for (int out : new int[] {1, 15, 16, 37, 129}) {
                int n = 4 * p.m();
                float[] t = new float[n * out];
                for (int i = 0; i < t.length; i++) {
                    // Few distinct magnitudes, both signs and zeros, so ties are frequent.
                    t[i] = (rnd.nextInt(5) - 2) * 0.25f;
                    if (rnd.nextInt(40) == 0) t[i] = rnd.nextBoolean() ? -0f : (float) rnd.nextGaussian();
                }
                t[rnd.nextInt(t.length)] = Float.NaN;
                float[] z = new float[t.length], zRef = new float[t.length];
                boolean[] k = new boolean[t.length], kRef = new boolean[t.length];
                NmProjection.project(t, z, k, n, out, p);
                NmProjection.plain(t, zRef, kRef, n, out, p);
                assertArrayEquals(kRef, k, p + " out=" + out);
                for (int i = 0; i < z.length; i++) {
                    assertEquals(Float.floatToRawIntBits(zRef[i]), Float.floatToRawIntBits(z[i]), p + " out=" + out + " at " + i);
                }
            }
        }
    }
}
