package org.nxm.model.numeric;

/**
 * The project's one error function (reference encoder, trainer, functional simulator, interpreter).
 * erfc(|x|) = t·exp(−z² + P(t)), t = 1/(1 + z/2), with the Chebyshev-fitted degree-9 polynomial P of
 * Press et al., Numerical Recipes (erfcc): fractional error of erfc below 1.2e-7 for every x, so
 * erf has absolute error below 1.2e-7 and, unlike a fit of erf itself, erfc(x) keeps its relative
 * accuracy far into the tail — which is what GELU(x) = x·erfc(−x/√2)/2 needs for negative x. Evaluated in
 * float64; {@code ErfTest} checks it against Commons Math's float64 erf/erfc, which is exact to double
 * precision but ~10× slower (it goes through the incomplete gamma function).
 */
public final class Erf {
    private Erf() {}

    /**
     * The coefficients C0..C9 of P(t) = C0 + C1·t + … + C9·t⁹ in erfc(z) = t·exp(−z² + P(t)), t = 1/(1 + z/2),
     * z ≥ 0. Shared with the SIMD GELU ({@code VectorGelu}), which evaluates the same formula in float32.
     */
    public static final double C0 = -1.26551223, C1 = 1.00002368, C2 = 0.37409196, C3 = 0.09678418,
            C4 = -0.18628806, C5 = 0.27886807, C6 = -1.13520398, C7 = 1.48851587, C8 = -0.82215223, C9 = 0.17087277;

    /** erfc(x) = 1 − erf(x), fractional error below 1.2e-7. */
    public static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double ans = t * Math.exp(-z * z + C0 + t * (C1 + t * (C2 + t * (C3 + t * (C4 + t * (C5 + t * (C6
                + t * (C7 + t * (C8 + t * C9)))))))));
        return x >= 0 ? ans : 2.0 - ans;
    }

    /** erf(x), absolute error below 1.2e-7. */
    public static double erf(double x) {
        return 1.0 - erfc(x);
    }

    /** The standard normal CDF Φ(x) = erfc(−x/√2)/2, relative error below 1.2e-7. */
    public static double normalCdf(double x) {
        return 0.5 * erfc(-x * INV_SQRT2);
    }

    /** 1/√2. */
    public static final double INV_SQRT2 = 0.7071067811865476;
}
