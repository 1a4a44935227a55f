package org.nxm.model.numeric;

/**
 * IEEE 754 binary16 ("half", float16) conversions on raw 16-bit patterns held in a {@code short}.
 *
 * <p>Encoding rounds to nearest, ties to even, over the whole range: results too large become
 * ±Inf, tiny ones become half subnormals or ±0 with correct rounding. NaNs stay NaN with their sign
 * and the top 10 payload bits; if those are all zero the quiet bit is set so the result is not Inf.
 * Decoding is exact (every half is a float32), so {@code fromFloat(toFloat(h)) == h} for all 65,536
 * patterns.
 */
public final class Float16 {
    public static final short POSITIVE_INFINITY = 0x7C00;
    public static final short NEGATIVE_INFINITY = (short) 0xFC00;
    /** Largest finite half, 65504. */
    public static final float MAX_VALUE = 65504f;

    private Float16() {}

    public static float toFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            // Subnormal (or zero): mant * 2^-24, exact in float32.
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xFF;
        int mant = bits & 0x7FFFFF;
        if (exp == 0xFF) {
            if (mant == 0) return (short) (sign | 0x7C00);
            int payload = mant >>> 13;
            if (payload == 0) payload = 0x200; // keep it a NaN
            return (short) (sign | 0x7C00 | payload);
        }
        int e = exp - 127 + 15;
        if (e >= 1) {
            if (e >= 0x1F) return (short) (sign | 0x7C00);
            int h = (e << 10) | (mant >>> 13);
            int rem = mant & 0x1FFF;
            // Round to nearest even; a carry out of the mantissa bumps the exponent, up to Inf.
            if (rem > 0x1000 || (rem == 0x1000 && (h & 1) != 0)) h++;
            return (short) (sign | h);
        }
        // Result is a half subnormal (or rounds to the smallest normal / zero).
        if (exp == 0) return (short) sign; // float32 subnormals are far below half's range
        int full = mant | 0x800000;          // value = full * 2^(exp - 150)
        int shift = 126 - exp;               // half subnormal unit is 2^-24
        if (shift > 24) return (short) sign; // below half the smallest subnormal
        int q = full >>> shift;
        int rem = full & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (rem > halfway || (rem == halfway && (q & 1) != 0)) q++;
        return (short) (sign | q);
    }

    public static boolean isNaN(short half) {
        return (half & 0x7C00) == 0x7C00 && (half & 0x3FF) != 0;
    }
}
