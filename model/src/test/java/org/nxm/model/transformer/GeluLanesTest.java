package org.nxm.model.transformer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nxm.model.numeric.Erf;

/**
 * The SIMD lanes evaluate the same erfc formula and coefficients as {@link Erf} (float64): in float32 they
 * agree with it to a relative error that grows only with the rounding of z² in the exponent, into the far
 * tail where GELU of a negative x is tiny.
 */
class GeluLanesTest {
    @Test
    void vectorErfcTracksTheFloat64ErfcRelatively() {
        Assumptions.assumeTrue(org.nxm.model.tensor.MatMul.VECTOR_API, "Vector API absent: no SIMD lanes to test");
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        float[] z = new float[lanes], got = new float[lanes];
        double worst = 0, worstNear = 0;
        for (int k = 0; k < 93_000; k += lanes) {
            for (int l = 0; l < lanes; l++) z[l] = (k + l) * 1e-4f;
            VectorGelu.erfc(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, z, 0)).intoArray(got, 0);
            for (int l = 0; l < lanes; l++) {
                double exact = Erf.erfc(z[l]);
                if (exact < Float.MIN_NORMAL) {
                    // float32 subnormals (z > 9.2, x < −13) and the exp's clamp at e^−87: as good as 0 next to 1
                    assertTrue(Math.abs(got[l] - exact) <= 2 * Float.MIN_NORMAL, "erfc(" + z[l] + ") = " + got[l]);
                    continue;
                }
                double rel = Math.abs(got[l] - exact) / exact;
                // float32 rounding of t, P(t) and the exponent −z² + P(t) (|ulp| ≤ 6e-8·max(1, z²)), plus the exp's own
                double bound = 6e-7 + 1.2e-7 * z[l] * z[l];
                assertTrue(rel <= bound, "erfc(" + z[l] + ") = " + got[l] + " vs " + exact + " (relative " + rel + ")");
                worst = Math.max(worst, rel);
                if (z[l] <= 3) worstNear = Math.max(worstNear, rel);
            }
        }
        System.out.printf("vector erfc vs float64 erfc: max relative error %.3g (z ≤ 3: %.3g)%n", worst, worstNear);
    }
}
