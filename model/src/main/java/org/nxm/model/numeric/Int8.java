package org.nxm.model.numeric;

/**
 * Symmetric int8 quantisation: {@code q = saturate(roundHalfEven(x / scale))} and
 * {@code x ≈ q · scale}, with no zero point.
 *
 * <p>{@link #symmetricScale} maps the largest |x| to 127, so quantised data lies in [-127, 127]
 * (the symmetric range the int8 tensor-core GEMMs use); {@link #quantize(float, float)} still
 * saturates to the full [-128, 127] for a caller-chosen scale. NaN quantises to 0 (there is no
 * int8 NaN); ±Inf saturates.
 */
public final class Int8 {
    private Int8() {}

    /** A quantised array and the scale that maps it back to floats. */
    public record Quantized(byte[] values, float scale) {
        public float dequantize(int i) {
            return values[i] * scale;
        }
    }

    /** Scale that maps max |x| to 127; 1 for all-zero (or empty) data so that q·scale stays 0. */
    public static float symmetricScale(float[] data, int offset, int length) {
        float maxAbs = 0f;
        for (int i = offset; i < offset + length; i++) {
            float a = Math.abs(data[i]);
            if (a > maxAbs && a != Float.POSITIVE_INFINITY) maxAbs = a;
        }
        return maxAbs == 0f ? 1f : maxAbs / 127f;
    }

    public static byte quantize(float x, float scale) {
        if (!(scale > 0f) || Float.isInfinite(scale)) {
            throw new IllegalArgumentException("int8 scale must be positive and finite, got " + scale);
        }
        if (Float.isNaN(x)) return 0;
        // Double division is exact enough that rint sees the true halfway cases (see Int8Test).
        double q = Math.rint(x / (double) scale);
        if (q > 127) return 127;
        if (q < -128) return -128;
        return (byte) q;
    }

    public static float dequantize(byte q, float scale) {
        return q * scale;
    }

    /** Quantises with the symmetric scale of the data. */
    public static Quantized quantizeSymmetric(float[] data) {
        float scale = symmetricScale(data, 0, data.length);
        byte[] q = new byte[data.length];
        for (int i = 0; i < data.length; i++) q[i] = quantize(data[i], scale);
        return new Quantized(q, scale);
    }
}
