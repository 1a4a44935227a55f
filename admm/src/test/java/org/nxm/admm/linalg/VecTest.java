package org.nxm.admm.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The scalar fallback of {@link Vec} agrees with the path in use (the Vector API when present) to rounding. */
class VecTest {
    @Test
    void scalarFallbackAgrees() {
        Random r = new Random(7);
        for (int len : new int[] {0, 1, 7, 64, 1003}) {
            float[] x = new float[len + 3], y = new float[len + 5];
            double[] xd = new double[len + 3], yd = new double[len + 5];
            for (int i = 0; i < x.length; i++) xd[i] = x[i] = (float) r.nextGaussian();
            for (int i = 0; i < y.length; i++) yd[i] = y[i] = (float) r.nextGaussian();
            float[] y1 = y.clone(), y2 = y.clone();
            Vec.axpy(0.37f, x, 3, y1, 5, len);
            Vec.scalarAxpy(0.37f, x, 3, y2, 5, len);
            for (int i = 0; i < y.length; i++) assertEquals(y2[i], y1[i], 1e-6f * (1 + Math.abs(y2[i])), "axpy " + len + " @" + i);
            double exact = 0, abs = 0;
            for (int i = 0; i < len; i++) {
                exact += (double) x[3 + i] * y[5 + i];
                abs += Math.abs((double) x[3 + i] * y[5 + i]);
            }
            // float32 accumulation: both within a few ulps of the float64 sum times the term count
            double bound = 1e-6 * abs * Math.max(1, Math.sqrt(len)) + 1e-7;
            assertEquals(exact, Vec.dot(x, 3, y, 5, len), bound);
            assertEquals(exact, Vec.scalarDot(x, 3, y, 5, len), bound);
            assertEquals(exact, Vec.dot(xd, 3, yd, 5, len), 1e-12 * (1 + abs));
            assertEquals(exact, Vec.scalarDot(xd, 3, yd, 5, len), 1e-12 * (1 + abs));
        }
    }
}
