package org.nxm.model.transformer;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nxm.model.numeric.Erf;

/**
 * {@link Gelu} on float32 vectors with the project's one erf ({@link Erf}): erfc(z) = t·exp(−z² + P(t)),
 * t = 1/(1 + z/2), the same formula and coefficients ({@link Erf#C0}..C9) as the scalar float64 lanes,
 * evaluated in float32 by Horner's rule, with a vector exp of our own (JDK 17's lanewise EXP is not
 * intrinsified here and runs ~6x slower than scalar Math.exp). Loaded only when {@code jdk.incubator.vector}
 * is present. Error bounds (tested against float64): |GELU − exact| ≤ 2.5e-7·|x| + 1 ulp of the result;
 * |GELU' − exact| ≤ 5e-7·(1 + |x|) + 1 ulp.
 */
final class VectorGelu {
    private VectorGelu() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** {@link Erf}'s coefficients C0..C9 rounded to float32. */
    private static final float C0 = (float) Erf.C0, C1 = (float) Erf.C1, C2 = (float) Erf.C2, C3 = (float) Erf.C3,
            C4 = (float) Erf.C4, C5 = (float) Erf.C5, C6 = (float) Erf.C6, C7 = (float) Erf.C7, C8 = (float) Erf.C8,
            C9 = (float) Erf.C9;

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
            x.mul(0.5f).mul(onePlusErf(x, erfc(z))).intoArray(a, i);
        }
        for (; i < to; i++) a[i] = Gelu.gelu(a[i]);
    }

    /**
     * out[i] = dy[i]·GELU'(u[i]) over [from, to), GELU'(x) = Φ(x) + x·φ(x): Φ by the same erfc as the
     * forward, φ(x) = exp(−x²/2)/√(2π) by a second vector exp.
     */
    static void gradient(float[] dy, float[] u, float[] out, int from, int to) {
        int i = from;
        int bound = from + S.loopBound(to - from);
        float invSqrt2Pi = (float) Gelu.INV_SQRT_2PI;
        for (; i < bound; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, u, i);
            FloatVector z = x.abs().mul((float) Gelu.INV_SQRT2);
            FloatVector gauss = expNonPositive(z.mul(z).neg());
            FloatVector cdf = onePlusErf(x, erfc(z)).mul(0.5f);
            FloatVector d = x.mul(gauss.mul(invSqrt2Pi)).add(cdf);
            d.mul(FloatVector.fromArray(S, dy, i)).intoArray(out, i);
        }
        for (; i < to; i++) out[i] = (float) (dy[i] * Gelu.derivative(u[i]));
    }

    /**
     * erfc(z) for z = |x|/√2 ≥ 0 by {@link Erf#erfc}'s formula in float32: t·exp(−z² + P(t)). The exponent
     * −z² + P(t) is formed by one fused multiply-add; it is at most ~3e-8 (at z = 0), where the exp is still
     * exact to float.
     */
    static FloatVector erfc(FloatVector z) {
        FloatVector t = FloatVector.broadcast(S, 1f).div(z.fma(0.5f, 1f));
        FloatVector poly = t.fma(C9, C8);
        poly = poly.fma(t, FloatVector.broadcast(S, C7));
        poly = poly.fma(t, FloatVector.broadcast(S, C6));
        poly = poly.fma(t, FloatVector.broadcast(S, C5));
        poly = poly.fma(t, FloatVector.broadcast(S, C4));
        poly = poly.fma(t, FloatVector.broadcast(S, C3));
        poly = poly.fma(t, FloatVector.broadcast(S, C2));
        poly = poly.fma(t, FloatVector.broadcast(S, C1));
        poly = poly.fma(t, FloatVector.broadcast(S, C0));
        return t.mul(expNonPositive(z.fma(z.neg(), poly)));
    }

    /** 1 + erf(x/√2) from q = erfc(|x|/√2): q itself for x &lt; 0, 2 − q otherwise (no cancellation in the negative tail). */
    private static FloatVector onePlusErf(FloatVector x, FloatVector q) {
        VectorMask<Float> neg = x.compare(VectorOperators.LT, 0f);
        return FloatVector.broadcast(S, 2f).sub(q).blend(q, neg);
    }
}
