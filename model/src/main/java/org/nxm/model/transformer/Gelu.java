package org.nxm.model.transformer;

/**
 * GELU(x) = x·Φ(x) = x/2·erfc(−x/√2), the "exact" GELU of BERT (not the tanh approximation), with the
 * project's one erf ({@link org.nxm.model.numeric.Erf}, float64, erfc to a fractional 1.2e-7): relative
 * error of GELU below 1.2e-7 for every x, negative tail included. The reference encoder, the trainer,
 * the functional simulator and the program interpreter all call this.
 *
 * <p>{@link VectorGelu} is the SIMD kernel of the same function in float32 (the encoder's hot path when
 * the Vector API is present), tested against float64 to 2.5e-7·|x| + 1 ulp.
 */
public final class Gelu {
    private Gelu() {}

    static final double INV_SQRT2 = org.nxm.model.numeric.Erf.INV_SQRT2;

    /** erf(x), absolute error below 1.2e-7 ({@link org.nxm.model.numeric.Erf#erf}). */
    public static double erf(double x) {
        return org.nxm.model.numeric.Erf.erf(x);
    }

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

    /** The scalar float64 path (fallback and test reference for the vector path). */
    public static void applyScalar(float[] a, int from, int to) {
        for (int i = from; i < to; i++) a[i] = gelu(a[i]);
    }
}
