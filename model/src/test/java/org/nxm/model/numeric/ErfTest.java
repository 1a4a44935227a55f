package org.nxm.model.numeric;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nxm.model.transformer.Gelu;

/** The one erf against Commons Math's float64 erf/erfc (exact to double precision). */
class ErfTest {
    @Test
    void erfAbsoluteAndErfcRelativeError() {
        double worstAbs = 0, worstRel = 0;
        for (double x = -9; x <= 9; x += 1e-3) {
            worstAbs = Math.max(worstAbs, Math.abs(Erf.erf(x) - org.apache.commons.math3.special.Erf.erf(x)));
            double exact = org.apache.commons.math3.special.Erf.erfc(x);
            worstRel = Math.max(worstRel, Math.abs(Erf.erfc(x) - exact) / exact);
        }
        assertTrue(worstAbs <= 1.2e-7, "max |erf error| " + worstAbs);
        assertTrue(worstRel <= 1.2e-7, "max erfc relative error " + worstRel);
    }

    /** GELU's relative error stays at float32 level also in the negative tail, where x·Φ(x) is tiny. */
    @Test
    void geluRelativeErrorIncludingTheTail() {
        double worst = 0;
        for (double x = -12; x <= 12; x += 1e-3) {
            if (x == 0) continue;
            double exact = 0.5 * x * org.apache.commons.math3.special.Erf.erfc(-x / Math.sqrt(2));
            worst = Math.max(worst, Math.abs(Gelu.gelu(x) - exact) / Math.abs(exact));
            float xf = (float) x;
            double exactF = 0.5 * xf * org.apache.commons.math3.special.Erf.erfc(-xf / Math.sqrt(2));
            float got = Gelu.gelu(xf);
            assertTrue(Math.abs(got - exactF) <= 1.3e-7 * Math.abs(exactF) + Math.ulp((float) exactF), "gelu(" + xf + ")");
        }
        assertTrue(worst <= 1.3e-7, "max GELU relative error " + worst);
    }
}
