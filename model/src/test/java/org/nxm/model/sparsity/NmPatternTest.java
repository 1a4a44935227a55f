package org.nxm.model.sparsity;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nxm.model.io.InputException;

class NmPatternTest {
    @Test
    void rejectsInvalidPatterns() {
        assertThrows(InputException.class, () -> new NmPattern(0, 4));
        assertThrows(InputException.class, () -> new NmPattern(5, 4));
        assertThrows(InputException.class, () -> new NmPattern(2, 64));
        assertThrows(InputException.class, () -> NmPattern.parse("2-4"));
        assertEquals(new NmPattern(2, 4), NmPattern.parse(" 2:4 "));
    }

    @Test
    void indexBits() {
        assertEquals(1, new NmPattern(1, 2).indexBits());
        assertEquals(2, new NmPattern(2, 4).indexBits());
        assertEquals(3, new NmPattern(2, 8).indexBits());
        assertEquals(3, new NmPattern(2, 5).indexBits());
    }

    @Test
    void projectionKeepsLargestAndTiesGoLow() {
        float[] w = {1, -3, 2, 0.5f, 1, 1, 1, 1};
        NmPattern.TWO_FOUR.projectInPlace(w, 0, 8);
        assertArrayEquals(new float[] {0, -3, 2, 0, 1, 1, 0, 0}, w);
    }

    /** Projection is optimal (max kept squared norm, by brute force) and idempotent. */
    @Test
    void projectionIsOptimalAndIdempotent() {
        Random rnd = new Random(7);
        int[][] patterns = {{1, 2}, {2, 4}, {1, 4}, {2, 8}, {4, 8}, {3, 5}};
        for (int[] p : patterns) {
            NmPattern pat = new NmPattern(p[0], p[1]);
            for (int trial = 0; trial < 200; trial++) {
                float[] w = new float[pat.m()];
                for (int j = 0; j < w.length; j++) w[j] = (float) rnd.nextGaussian();
                float[] proj = w.clone();
                pat.projectInPlace(proj, 0, w.length);
                double best = 0;
                for (int mask = 0; mask < (1 << pat.m()); mask++) {
                    if (Integer.bitCount(mask) != pat.n()) continue;
                    double s = 0;
                    for (int j = 0; j < w.length; j++) if ((mask & (1 << j)) != 0) s += w[j] * w[j];
                    best = Math.max(best, s);
                }
                double kept = 0;
                int nz = 0;
                for (float v : proj) { kept += v * v; if (v != 0) nz++; }
                assertEquals(best, kept, 1e-9);
                assertTrue(nz <= pat.n());
                float[] again = proj.clone();
                pat.projectInPlace(again, 0, again.length);
                assertArrayEquals(proj, again);
            }
        }
    }

    /** The one N:M check: first violating group (row by row), count, non-zeros; dense names. */
    @Test
    void violationCheckAndDenseNames() {
        NmPattern p = NmPattern.TWO_FOUR;
        float[] ok = {1, 0, 2, 0, 0, 0, 0, 3, /* row 1 */ 5, 6, 0, 0, 0, 0, 0, 0};
        org.junit.jupiter.api.Assertions.assertEquals(-1, p.firstViolation(ok, 2, 8));
        org.junit.jupiter.api.Assertions.assertEquals(0, p.violations(ok, 2, 8));
        float[] bad = ok.clone();
        bad[13] = 1; // row 1, second group: 0 0 0 0 -> 0 1 0 0 (still fine)
        bad[12] = 1;
        bad[14] = 1; // three non-zeros in group 3
        org.junit.jupiter.api.Assertions.assertEquals(3, p.firstViolation(bad, 2, 8));
        org.junit.jupiter.api.Assertions.assertEquals(1, p.violations(bad, 2, 8));
        org.junit.jupiter.api.Assertions.assertEquals(3, p.nonZeros(bad, 12));
        // cols not a multiple of m: every group counts, the first is group 0
        org.junit.jupiter.api.Assertions.assertEquals(0, p.firstViolation(new float[6], 1, 6));
        org.junit.jupiter.api.Assertions.assertEquals(2, p.violations(new float[6], 1, 6));
        org.junit.jupiter.api.Assertions.assertNull(NmPattern.parseOrDense("Dense"));
        org.junit.jupiter.api.Assertions.assertNull(NmPattern.parseOrDense("4:4"));
        org.junit.jupiter.api.Assertions.assertEquals(p, NmPattern.parseOrDense(" 2:4 "));
        org.junit.jupiter.api.Assertions.assertEquals("dense", NmPattern.nameOf(null));
        org.junit.jupiter.api.Assertions.assertEquals("dense", NmPattern.nameOf(new NmPattern(8, 8)));
        org.junit.jupiter.api.Assertions.assertEquals("1:4", NmPattern.nameOf(new NmPattern(1, 4)));
        org.junit.jupiter.api.Assertions.assertTrue(new NmPattern(3, 3).isDense());
    }
}
