package org.nxm.model.transformer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

/** GELU's scalar and vector paths and its gradient against Commons Math's float64 erf (the erf itself: ErfTest). */
class GeluTest {
    @Test
    void geluWithinBoundOfExactFormula() {
        for (double x = -12; x <= 12; x += 1e-3) {
            float xf = (float) x;
            double exact = 0.5 * xf * (1 + Erf.erf(xf / Math.sqrt(2)));
            float got = Gelu.gelu(xf);
            double bound = 0.75e-7 * Math.abs(x) + Math.ulp((float) exact) + 1e-9;
            assertTrue(Math.abs(got - exact) <= bound, "gelu(" + x + ") = " + got + " vs " + exact);
        }
    }

    @Test
    void vectorPathWithinItsBound() {
        int n = 24001;
        float[] xs = new float[n + 7];
        for (int i = 0; i < xs.length; i++) xs[i] = (float) (-12 + i * 1e-3);
        float[] got = xs.clone();
        Gelu.applyInPlace(got, 0, got.length);
        double worst = 0;
        for (int i = 0; i < xs.length; i++) {
            double x = xs[i], exact = 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2)));
            double err = Math.abs(got[i] - exact);
            worst = Math.max(worst, err / Math.max(1, Math.abs(x)));
            assertTrue(err <= 2.5e-7 * Math.abs(x) + Math.ulp((float) exact) + 1e-12, "gelu(" + x + ") = " + got[i] + " vs " + exact);
        }
        System.out.printf("vector GELU: max error / max(1,|x|) = %.3g%n", worst);
    }

    @Test
    void gradientMatchesFloat64DerivativeAndFiniteDifferences() {
        int n = 24001;
        float[] xs = new float[n + 7], dy = new float[n + 7], got = new float[n + 7];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) (-12 + i * 1e-3);
            dy[i] = (float) Math.sin(i);
        }
        Gelu.gradient(dy, xs, got, 0, xs.length);
        for (int i = 0; i < xs.length; i++) {
            double x = xs[i];
            double exact = 0.5 * (1 + Erf.erf(x / Math.sqrt(2))) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
            // the float64 derivative is the central difference of the exact GELU
            double h = 1e-5, fd = (exactGelu(x + h) - exactGelu(x - h)) / (2 * h);
            assertTrue(Math.abs(Gelu.derivative(x) - exact) <= 2e-7, "derivative(" + x + ")");
            assertTrue(Math.abs(fd - exact) <= 1e-6, "finite difference at " + x);
            double want = dy[i] * exact;
            assertTrue(Math.abs(got[i] - want) <= 5e-7 * Math.abs(dy[i]) * (1 + Math.abs(x)) + Math.ulp((float) want),
                    "gradient at " + x + ": " + got[i] + " vs " + want);
        }
    }

    private static double exactGelu(double x) {
        return 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2)));
    }
}
