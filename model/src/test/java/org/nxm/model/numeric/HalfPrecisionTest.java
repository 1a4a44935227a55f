package org.nxm.model.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Float16 and BFloat16 against an independent float64 reference: decode every pattern, sort the
 * positive finite values, and round a float32 to the nearest one by comparing against the exact
 * midpoint in double (ties to the even pattern; past the largest finite value the "next" value is
 * Inf, whose pattern is even, exactly as IEEE overflow rounding says).
 */
class HalfPrecisionTest {

    /** Reference RNE for a 16-bit format whose positive patterns 0..infBits are ordered by value. */
    private static final class Reference {
        final double[] value; // value[p] for p in [0, infBits]; value[infBits] = max + ulp(max)
        final int infBits;

        Reference(IntFunction<Float> decode, int infBits, double beyondMax) {
            this.infBits = infBits;
            value = new double[infBits + 1];
            for (int p = 0; p < infBits; p++) value[p] = decode.apply(p);
            value[infBits] = beyondMax;
        }

        int round(float x) {
            int sign = Float.floatToRawIntBits(x) < 0 ? 0x8000 : 0;
            double a = Math.abs((double) x);
            if (a >= value[infBits]) return sign | infBits;
            int idx = Arrays.binarySearch(value, a);
            if (idx >= 0) return sign | idx;
            int hi = -idx - 1;
            int lo = hi - 1;
            double mid = (value[lo] + value[hi]) / 2; // exact: both have few significant bits
            int p;
            if (a < mid) p = lo;
            else if (a > mid) p = hi;
            else p = (lo & 1) == 0 ? lo : hi;
            return sign | p;
        }
    }

    private static final Reference HALF = new Reference(p -> Float16.toFloat((short) p), 0x7C00, 65536.0);
    private static final Reference BF16 =
            new Reference(p -> BFloat16.toFloat((short) p), 0x7F80, Math.scalb(1.0, 128));

    @Test
    void float16DecodeEncodeRoundTripsAllPatterns() {
        int nans = 0;
        for (int pp = 0; pp < 65536; pp++) {
            final int p = pp;
            short h = (short) p;
            float f = Float16.toFloat(h);
            assertEquals(p, Float16.fromFloat(f) & 0xFFFF, () -> "pattern " + Integer.toHexString(p));
            if (Float16.isNaN(h)) {
                nans++;
                assertTrue(Float.isNaN(f));
            }
        }
        assertEquals(2 * 1023, nans);
    }

    @Test
    void float16DecodeKnownValues() {
        assertEquals(1.0f, Float16.toFloat((short) 0x3C00));
        assertEquals(-2.0f, Float16.toFloat((short) 0xC000));
        assertEquals(65504f, Float16.toFloat((short) 0x7BFF));
        assertEquals(0x1p-24f, Float16.toFloat((short) 0x0001));        // smallest subnormal
        assertEquals(0x1p-14f, Float16.toFloat((short) 0x0400));        // smallest normal
        assertEquals(Float.POSITIVE_INFINITY, Float16.toFloat((short) 0x7C00));
        assertEquals(Float.NEGATIVE_INFINITY, Float16.toFloat((short) 0xFC00));
        assertEquals(0x8000, Float16.fromFloat(-0.0f) & 0xFFFF);
        assertEquals(0x7C00, Float16.fromFloat(65520f) & 0xFFFF);       // halfway to 65536: ties to even = Inf
        assertEquals(0x7BFF, Float16.fromFloat(65519.996f) & 0xFFFF);
        assertEquals(0x0000, Float16.fromFloat(0x1p-25f) & 0xFFFF);     // half of smallest subnormal: ties to even 0
        assertEquals(0x0001, Float16.fromFloat(Math.nextUp(0x1p-25f)) & 0xFFFF);
        assertEquals(0x0002, Float16.fromFloat(3 * 0x1p-25f) & 0xFFFF); // 1.5 units: ties to even 2
        assertEquals(0x7E00, Float16.fromFloat(Float.NaN) & 0xFFFF);
    }

    @Test
    void bfloat16DecodeEncodeRoundTripsAllPatterns() {
        for (int pp = 0; pp < 65536; pp++) {
            final int p = pp;
            float f = BFloat16.toFloat((short) p);
            assertEquals(p, BFloat16.fromFloat(f) & 0xFFFF, () -> "pattern " + Integer.toHexString(p));
        }
        assertEquals(0x3F80, BFloat16.fromFloat(1.0f) & 0xFFFF);
        assertEquals(0x7FC0, BFloat16.fromFloat(Float.NaN) & 0xFFFF);
        assertEquals(0x7F80, BFloat16.fromFloat(Float.MAX_VALUE) & 0xFFFF);
    }

    @Test
    void float16EncodeMatchesReferenceOnHalfwayCasesAndNeighbours() {
        checkHalfwayCases(HALF, Float16::fromFloat);
    }

    @Test
    void bfloat16EncodeMatchesReferenceOnHalfwayCasesAndNeighbours() {
        checkHalfwayCases(BF16, BFloat16::fromFloat);
    }

    @Test
    void float16EncodeMatchesReferenceOnRandomFloats() {
        checkRandom(HALF, Float16::fromFloat, 11);
    }

    @Test
    void bfloat16EncodeMatchesReferenceOnRandomFloats() {
        checkRandom(BF16, BFloat16::fromFloat, 12);
    }

    interface Encoder {
        short encode(float f);
    }

    /** Every midpoint between adjacent patterns (including max and Inf), and the floats beside it. */
    private static void checkHalfwayCases(Reference ref, Encoder enc) {
        int checked = 0;
        for (int p = 0; p < ref.infBits; p++) {
            float mid = (float) ((ref.value[p] + ref.value[p + 1]) / 2);
            assertEquals((ref.value[p] + ref.value[p + 1]) / 2, mid, 0.0, "midpoint must be a float32");
            for (float x : new float[] {mid, Math.nextDown(mid), Math.nextUp(mid), (float) ref.value[p]}) {
                if (Float.isInfinite(x)) continue;
                for (float s : new float[] {x, -x}) {
                    int expected = ref.round(s);
                    int actual = enc.encode(s) & 0xFFFF;
                    if (expected != actual) {
                        throw new AssertionError("x=" + s + " (" + Integer.toHexString(Float.floatToRawIntBits(s))
                                + "): expected " + Integer.toHexString(expected) + " got " + Integer.toHexString(actual));
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked > 100_000);
    }

    private static void checkRandom(Reference ref, Encoder enc, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < 2_000_000; i++) {
            float x = Float.intBitsToFloat(rnd.nextInt());
            if (Float.isNaN(x)) {
                assertTrue(Float.isNaN(i % 2 == 0 ? Float16.toFloat(Float16.fromFloat(x)) : BFloat16.toFloat(BFloat16.fromFloat(x))));
                continue;
            }
            int expected = ref.round(x);
            int actual = enc.encode(x) & 0xFFFF;
            if (expected != actual) {
                throw new AssertionError("x=" + x + ": expected " + Integer.toHexString(expected)
                        + " got " + Integer.toHexString(actual));
            }
        }
        // And values spread over the format's own range rather than float32's.
        for (int i = 0; i < 1_000_000; i++) {
            double mag = Math.scalb(1.0 + rnd.nextDouble(), rnd.nextInt(-30, 20));
            float x = (float) (rnd.nextBoolean() ? mag : -mag);
            assertEquals(ref.round(x), enc.encode(x) & 0xFFFF, () -> "x=" + x);
        }
    }
}
