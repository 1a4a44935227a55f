package org.nxm.model.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Int8 quantisation against an exact BigDecimal reference (true quotient, half-even, saturate). */
class Int8Test {

    private static int reference(float x, float scale) {
        BigDecimal q = new BigDecimal(x).divide(new BigDecimal(scale), new MathContext(80, RoundingMode.HALF_EVEN))
                .setScale(0, RoundingMode.HALF_EVEN);
        return q.max(BigDecimal.valueOf(-128)).min(BigDecimal.valueOf(127)).intValue();
    }

    @Test
    void quantizeMatchesExactReference() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 200_000; i++) {
            float scale = (float) Math.scalb(1.0 + rnd.nextDouble(), rnd.nextInt(-20, 10));
            float x = (float) ((rnd.nextDouble() * 300 - 150) * scale);
            assertEquals(reference(x, scale), Int8.quantize(x, scale), () -> "x=" + x + " scale=" + scale);
        }
    }

    @Test
    void halfwayCasesRoundToEven() {
        float scale = 0.1f;
        for (int k = -130; k <= 130; k++) {
            // (k + 0.5) * scale is generally not exact in float; use a power-of-two scale for exact ties.
            float s2 = 0.25f;
            float x = (k + 0.5f) * s2;
            assertEquals(reference(x, s2), Int8.quantize(x, s2), "k=" + k);
            assertEquals(reference(k * scale, scale), Int8.quantize(k * scale, scale));
        }
        assertEquals(2, Int8.quantize(2.5f, 1f));
        assertEquals(-2, Int8.quantize(-2.5f, 1f));
        assertEquals(4, Int8.quantize(3.5f, 1f));
    }

    @Test
    void saturatesAndHandlesSpecials() {
        assertEquals(127, Int8.quantize(1e9f, 1f));
        assertEquals(-128, Int8.quantize(-1e9f, 1f));
        assertEquals(127, Int8.quantize(Float.POSITIVE_INFINITY, 1f));
        assertEquals(-128, Int8.quantize(Float.NEGATIVE_INFINITY, 1f));
        assertEquals(0, Int8.quantize(Float.NaN, 1f));
        assertThrows(IllegalArgumentException.class, () -> Int8.quantize(1f, 0f));
    }

    @Test
    void symmetricQuantisationMapsMaxTo127AndRoundTripsWithinHalfAStep() {
        float[] data = new float[1000];
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < data.length; i++) data[i] = (float) rnd.nextGaussian();
        Int8.Quantized q = Int8.quantizeSymmetric(data);
        int maxQ = 0;
        for (int i = 0; i < data.length; i++) {
            maxQ = Math.max(maxQ, Math.abs(q.values()[i]));
            assertEquals(data[i], q.dequantize(i), q.scale() / 2 * 1.0001);
        }
        assertEquals(127, maxQ);
        assertEquals(1f, Int8.quantizeSymmetric(new float[4]).scale());
    }
}
