package org.nxm.model.transformer;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nxm.model.numeric.Erf;

/**
 * {@link Gelu} on float32 vectors with the project's one erf ({@link Erf}): erfc(z) = t·exp(−z² + P(t)),
 * t = 1/(1 + z/2), the same coefficients ({@link Erf#ERFC_POLY}) evaluated in float32 by Horner's rule,
 * with a vector exp of our own (JDK 17's lanewise EXP is not intrinsified here and runs ~6x slower than
 * scalar Math.exp). Loaded only when {@code jdk.incubator.vector} is present.
 * Error bound (tested): |GELU − exact| ≤ 2.5e-7·|x| + 1 ulp of the result.
 */
final class VectorGelu {
    private VectorGelu() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** {@link Erf#ERFC_POLY} in float32, one constant each (a loop over an array keeps C2 from keeping the vectors in registers). */
    private static final float C0 = (float) Erf.ERFC_POLY[0], C1 = (float) Erf.ERFC_POLY[1], C2 = (float) Erf.ERFC_POLY[2],
            C3 = (float) Erf.ERFC_POLY[3], C4 = (float) Erf.ERFC_POLY[4], C5 = (float) Erf.ERFC_POLY[5],
            C6 = (float) Erf.ERFC_POLY[6], C7 = (float) Erf.ERFC_POLY[7], C8 = (float) Erf.ERFC_POLY[8],
            C9 = (float) Erf.ERFC_POLY[9];

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
            // q = erfc(|x|/√2) = t·exp(−z² + P(t)); computing erfc directly avoids cancellation for x < 0.
            // The exponent is at most ~3e-8 (at z = 0), where the exp below is still exact to float.
            FloatVector q = t.mul(expNonPositive(z.fma(z.neg(), poly)));
            VectorMask<Float> neg = x.compare(VectorOperators.LT, 0f);
            FloatVector onePlusErf = FloatVector.broadcast(S, 2f).sub(q).blend(q, neg);
            x.mul(0.5f).mul(onePlusErf).intoArray(a, i);
        }
        for (; i < to; i++) a[i] = Gelu.gelu(a[i]);
    }
}
