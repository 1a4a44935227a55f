package org.nxm.model.transformer;

/**
 * GELU(x) = x·Φ(x) = x/2·(1 + erf(x/√2)), the "exact" GELU of BERT (not the tanh approximation).
 *
 * <p>erf comes from Abramowitz &amp; Stegun 7.1.26 evaluated in float64: absolute error at most
 * 1.5e-7 for every x (tested against Commons Math's {@code Erf.erf} in {@code GeluTest}), so
 * |GELU − exact| ≤ 0.75e-7·|x| — below float32 rounding of the result for |x| ≥ 1 and below 1e-7 absolute
 * otherwise. Commons Math's erf (a regularised-gamma series) is accurate but ~10x slower, and the
 * forward pass calls it 1536 times per token per layer.
 */
public final class Gelu {
    private Gelu() {}

    static final double P = 0.3275911;
    static final double A1 = 0.254829592, A2 = -0.284496736, A3 = 1.421413741, A4 = -1.453152027, A5 = 1.061405429;
    static final double INV_SQRT2 = 0.7071067811865476;

    /** erf(x), absolute error ≤ 1.5e-7. */
    public static double erf(double x) {
        double ax = Math.abs(x);
        double t = 1.0 / (1.0 + P * ax);
        double y = 1.0 - ((((A5 * t + A4) * t + A3) * t + A2) * t + A1) * t * Math.exp(-ax * ax);
        return x < 0 ? -y : y;
    }

    public static float gelu(float x) {
        return (float) (0.5 * x * (1.0 + erf(x * INV_SQRT2)));
    }

    /** Applies GELU in place to a[from, to): vectorised (float32, see VectorGelu) when the Vector API is present. */
    public static void applyInPlace(float[] a, int from, int to) {
        if (org.nxm.model.tensor.MatMul.VECTOR_API) VectorGelu.applyInPlace(a, from, to);
        else applyScalar(a, from, to);
    }

    /** The scalar float64 path (fallback and test reference for the vector path). */
    public static void applyScalar(float[] a, int from, int to) {
        for (int i = from; i < to; i++) a[i] = gelu(a[i]);
    }
}
