package org.nxm.model.transformer;

/**
 * GELU(x) = x·Φ(x) = x/2·erfc(−x/√2), the "exact" GELU of BERT (not the tanh approximation), with the
 * project's one erf ({@link org.nxm.model.numeric.Erf}, float64, erfc to a fractional 1.2e-7): relative
 * error of GELU below 1.2e-7 for every x, negative tail included. The reference encoder, the trainer,
 * the functional simulator and the program interpreter all call this.
 *
 * <p>{@link VectorGelu} is the SIMD kernel of the same function — the same erfc formula and coefficients —
 * in float32 (the hot path of the encoder, the functional simulator and the trainer when the Vector API is
 * present), tested against float64 to 2.5e-7·|x| + 1 ulp.
 */
public final class Gelu {
    private Gelu() {}

    static final double INV_SQRT2 = org.nxm.model.numeric.Erf.INV_SQRT2;
    static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    /** GELU in float64, rounded once. */
    public static double gelu(double x) {
        return x * org.nxm.model.numeric.Erf.normalCdf(x);
    }

    public static float gelu(float x) {
        return (float) gelu((double) x);
    }

    /** Applies GELU in place to a[from, to): vectorised (float32, see VectorGelu) when the Vector API is present. */
    public static void applyInPlace(float[] a, int from, int to) {
        if (org.nxm.model.tensor.MatMul.VECTOR_API) VectorGelu.applyInPlace(a, from, to);
        else applyScalar(a, from, to);
    }

    /** GELU'(x) = Φ(x) + x·φ(x) in float64 (the trainer's backward; reference of {@link #gradient}). */
    public static double derivative(double x) {
        return org.nxm.model.numeric.Erf.normalCdf(x) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }

    /**
     * out[i] = dy[i]·GELU'(u[i]) over [from, to) — the backward of GELU in training; vectorised (float32,
     * the same erfc polynomial as the forward) when the Vector API is present, else {@link #derivative}.
     */
    public static void gradient(float[] dy, float[] u, float[] out, int from, int to) {
        if (org.nxm.model.tensor.MatMul.VECTOR_API) VectorGelu.gradient(dy, u, out, from, to);
        else for (int i = from; i < to; i++) out[i] = (float) (dy[i] * derivative(u[i]));
    }

    /** The scalar float64 path (fallback and test reference for the vector path). */
    public static void applyScalar(float[] a, int from, int to) {
        for (int i = from; i < to; i++) a[i] = gelu(a[i]);
    }
}
