package org.nxm.admm.pruning;

import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nxm.model.sparsity.NmPattern;

/**
 * The Vector API path of {@link NmProjection}, loaded only when {@code jdk.incubator.vector} is present.
 * Element j of a group is kept when fewer than n elements beat it, where k beats j if |t_k| > |t_j|, or
 * |t_k| = |t_j| and k < j — the same total order as {@link NmPattern#topNMask}'s repeated maximum with
 * ties to the lower index. Lanes holding a NaN go to the scalar path, which defines that case.
 */
final class VectorNmProjection {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorNmProjection() {}

    static void project(float[] t, float[] z, boolean[] keep, int n, int out, NmPattern pat) {
        int m = pat.m();
        float keepN = pat.n();
        int bound = S.loopBound(out);
        // Vectors stay in locals and every operator is a constant: values kept in arrays or chosen at run
        // time make C2 fall back to the Java implementations of blend/compare (many times slower).
        IntStream.range(0, n / m).parallel().forEach(gi -> {
            int g = gi * m;
            FloatVector one = FloatVector.broadcast(S, 1f), limit = FloatVector.broadcast(S, keepN), zero = FloatVector.zero(S);
            for (int r = 0; r < bound; r += S.length()) {
                boolean nan = false;
                for (int j = 0; j < m; j++) {
                    FloatVector v = FloatVector.fromArray(S, t, (g + j) * out + r);
                    nan |= v.compare(VectorOperators.NE, v).anyTrue();
                }
                if (nan) {
                    NmProjection.columns(t, z, keep, out, pat, g, r, r + S.length());
                    continue;
                }
                for (int j = 0; j < m; j++) {
                    int idx = (g + j) * out + r;
                    FloatVector v = FloatVector.fromArray(S, t, idx);
                    FloatVector aj = v.abs();
                    FloatVector beaten = zero;
                    for (int k = 0; k < j; k++) {
                        FloatVector ak = FloatVector.fromArray(S, t, (g + k) * out + r).abs();
                        beaten = beaten.add(one, ak.compare(VectorOperators.GE, aj));
                    }
                    for (int k = j + 1; k < m; k++) {
                        FloatVector ak = FloatVector.fromArray(S, t, (g + k) * out + r).abs();
                        beaten = beaten.add(one, ak.compare(VectorOperators.GT, aj));
                    }
                    VectorMask<Float> kept = beaten.compare(VectorOperators.LT, limit);
                    zero.blend(v, kept).intoArray(z, idx);
                    kept.intoArray(keep, idx);
                }
            }
            NmProjection.columns(t, z, keep, out, pat, g, bound, out);
        });
    }
}
