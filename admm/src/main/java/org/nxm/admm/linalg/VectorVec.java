package org.nxm.admm.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API paths of {@link Vec}. Loaded only when {@code jdk.incubator.vector} is present
 * ({@link Vec} checks before calling), so the module runs without it.
 */
final class VectorVec {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private VectorVec() {}

    /** y[yo .. yo+len) += a · x[xo .. xo+len). */
    static void axpy(float a, float[] x, int xo, float[] y, int yo, int len) {
        int i = 0;
        int bound = F.loopBound(len);
        FloatVector av = FloatVector.broadcast(F, a);
        for (; i < bound; i += F.length()) {
            FloatVector xv = FloatVector.fromArray(F, x, xo + i);
            FloatVector yv = FloatVector.fromArray(F, y, yo + i);
            xv.fma(av, yv).intoArray(y, yo + i);
        }
        for (; i < len; i++) y[yo + i] += a * x[xo + i];
    }

    /** Σ x[xo+i]·y[yo+i], float32 lanes. */
    static float dot(float[] x, int xo, float[] y, int yo, int len) {
        int i = 0;
        int bound = F.loopBound(len);
        FloatVector acc = FloatVector.zero(F);
        for (; i < bound; i += F.length()) {
            acc = FloatVector.fromArray(F, x, xo + i).fma(FloatVector.fromArray(F, y, yo + i), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) s += x[xo + i] * y[yo + i];
        return s;
    }

    /** Σ x[xo+i]·y[yo+i] in float64 lanes. */
    static double dot(double[] x, int xo, double[] y, int yo, int len) {
        int k = 0;
        int bound = D.loopBound(len);
        DoubleVector acc = DoubleVector.zero(D);
        for (; k < bound; k += D.length()) {
            acc = DoubleVector.fromArray(D, x, xo + k).fma(DoubleVector.fromArray(D, y, yo + k), acc);
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; k < len; k++) s += x[xo + k] * y[yo + k];
        return s;
    }
}
