package org.nxm.model.transformer;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gelu} on float32 vectors: erfc by the Abramowitz–Stegun 7.1.26 polynomial (one short
 * polynomial and one exp, cheap in SIMD), evaluated in float with a vector exp of our own (JDK 17's lanewise EXP is not intrinsified here and runs ~6x slower than
 * scalar Math.exp). Loaded only when {@code jdk.incubator.vector} is present.
 * Error bound (tested): |GELU − exact| ≤ 2.5e-7·|x| + 1 ulp of the result.
 */
final class VectorGelu {
    private VectorGelu() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Abramowitz &amp; Stegun 7.1.26: erfc(z) ≈ (A1·t + … + A5·t⁵)·exp(−z²), t = 1/(1 + P·z). */
    static final double P = 0.3275911;
    static final double A1 = 0.254829592, A2 = -0.284496736, A3 = 1.421413741, A4 = -1.453152027, A5 = 1.061405429;

    private static final float LOG2E = 1.4426950408889634f;
    private static final float MAGIC = 12582912f; // 1.5 * 2^23
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;

    /**
     * e^y for y ≤ 0 (clamped at -87, where e^y ≈ 1.6e-38 is as good as 0 here): y = n·ln2 + f with
     * |f| ≤ ln2/2 (Cody–Waite split of ln2), e^f by its degree-7 Taylor polynomial (relative error
     * &lt; 1e-8), times 2^n built in the exponent bits.
     */
    static FloatVector expNonPositive(FloatVector y) {
        y = y.max(-87f);
        // Round y·log2e to an integer n with the 1.5·2^23 trick: the sum's low mantissa bits hold n.
        FloatVector t = y.fma(LOG2E, MAGIC);
        FloatVector nf = t.sub(MAGIC);
        IntVector n = t.reinterpretAsInts().sub(0x4B400000);
        FloatVector f = nf.fma(-LN2_HI, 0f).add(y);
        f = nf.fma(-LN2_LO, 0f).add(f);
        FloatVector p = f.fma(1f / 5040, 1f / 720);
        p = p.fma(f, FloatVector.broadcast(S, 1f / 120));
        p = p.fma(f, FloatVector.broadcast(S, 1f / 24));
        p = p.fma(f, FloatVector.broadcast(S, 1f / 6));
        p = p.fma(f, FloatVector.broadcast(S, 0.5f));
        p = p.fma(f, FloatVector.broadcast(S, 1f));
        p = p.fma(f, FloatVector.broadcast(S, 1f));
        FloatVector scale = n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(scale);
    }

    static void applyInPlace(float[] a, int from, int to) {
        int i = from;
        int bound = from + S.loopBound(to - from);
        for (; i < bound; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, a, i);
            FloatVector z = x.abs().mul((float) Gelu.INV_SQRT2);
            FloatVector gauss = expNonPositive(z.mul(z).neg());
            x.mul(0.5f).mul(onePlusErf(x, z, gauss)).intoArray(a, i);
        }
        for (; i < to; i++) a[i] = Gelu.gelu(a[i]);
    }

    /**
     * out[i] = dy[i]·GELU'(u[i]) over [from, to), GELU'(x) = Φ(x) + x·φ(x): the same erfc polynomial, and
     * its exp(−x²/2) is φ's, so the derivative costs one exp like the forward.
     */
    static void gradient(float[] dy, float[] u, float[] out, int from, int to) {
        int i = from;
        int bound = from + S.loopBound(to - from);
        float invSqrt2Pi = (float) Gelu.INV_SQRT_2PI;
        for (; i < bound; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, u, i);
            FloatVector z = x.abs().mul((float) Gelu.INV_SQRT2);
            FloatVector gauss = expNonPositive(z.mul(z).neg());
            FloatVector cdf = onePlusErf(x, z, gauss).mul(0.5f);
            FloatVector d = x.mul(gauss.mul(invSqrt2Pi)).add(cdf);
            d.mul(FloatVector.fromArray(S, dy, i)).intoArray(out, i);
        }
        for (; i < to; i++) out[i] = (float) (dy[i] * Gelu.derivative(u[i]));
    }

    /** 1 + erf(x/√2) from z = |x|/√2 and exp(−z²): erfc(z) by A&amp;S 7.1.26, computed directly to avoid cancellation for x &lt; 0. */
    private static FloatVector onePlusErf(FloatVector x, FloatVector z, FloatVector gauss) {
        FloatVector t = FloatVector.broadcast(S, 1f).div(z.fma((float) P, 1f));
        FloatVector poly = t.fma((float) A5, (float) A4);
        poly = poly.fma(t, FloatVector.broadcast(S, (float) A3));
        poly = poly.fma(t, FloatVector.broadcast(S, (float) A2));
        poly = poly.fma(t, FloatVector.broadcast(S, (float) A1)).mul(t);
        FloatVector q = poly.mul(gauss);
        VectorMask<Float> neg = x.compare(VectorOperators.LT, 0f);
        return FloatVector.broadcast(S, 2f).sub(q).blend(q, neg);
    }
}
