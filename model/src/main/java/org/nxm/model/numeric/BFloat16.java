package org.nxm.model.numeric;

/**
 * bfloat16: the top 16 bits of an IEEE binary32 (same exponent range, 8-bit significand), on raw
 * patterns held in a {@code short}.
 *
 * <p>Encoding rounds to nearest, ties to even; values past the largest finite bfloat16 round to
 * ±Inf and subnormals round like any other value (the exponent field is float32's). NaNs keep
 * their sign and top 7 payload bits, with the quiet bit set if those are all zero. Decoding is exact,
 * so {@code fromFloat(toFloat(b)) == b} for all 65,536 patterns.
 */
public final class BFloat16 {
    private BFloat16() {}

    public static float toFloat(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xFFFF) << 16);
    }

    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7F800000) == 0x7F800000 && (bits & 0x7FFFFF) != 0) {
            int top = bits >>> 16;
            if ((top & 0x7F) == 0) top |= 0x40;
            return (short) top;
        }
        // Adding 0x7FFF plus the kept lsb rounds to nearest even; the carry may reach Inf, as it should.
        int lsb = (bits >>> 16) & 1;
        return (short) ((bits + 0x7FFF + lsb) >>> 16);
    }
}
