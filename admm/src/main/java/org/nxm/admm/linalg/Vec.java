package org.nxm.admm.linalg;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API float32 building blocks (axpy, dot) shared by the pruning kernels. */
final class Vec {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private Vec() {}

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
}
