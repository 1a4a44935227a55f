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
        int m = pat.m(), keepN = pat.n();
        int bound = S.loopBound(out);
        IntStream.range(0, n / m).parallel().forEach(gi -> {
            int g = gi * m;
            FloatVector[] v = new FloatVector[m], a = new FloatVector[m];
            FloatVector one = FloatVector.broadcast(S, 1f), limit = FloatVector.broadcast(S, keepN);
            for (int r = 0; r < bound; r += S.length()) {
                boolean nan = false;
                for (int j = 0; j < m; j++) {
                    v[j] = FloatVector.fromArray(S, t, (g + j) * out + r);
                    a[j] = v[j].abs();
                    nan |= a[j].test(VectorOperators.IS_NAN).anyTrue();
                }
                if (nan) {
                    NmProjection.columns(t, z, keep, out, pat, g, r, r + S.length());
                    continue;
                }
                for (int j = 0; j < m; j++) {
                    FloatVector beaten = FloatVector.zero(S);
                    for (int k = 0; k < m; k++) {
                        if (k == j) continue;
                        VectorMask<Float> beats = a[k].compare(k < j ? VectorOperators.GE : VectorOperators.GT, a[j]);
                        beaten = beaten.add(one, beats);
                    }
                    VectorMask<Float> kept = beaten.compare(VectorOperators.LT, limit);
                    int idx = (g + j) * out + r;
                    v[j].blend(0f, kept.not()).intoArray(z, idx);
                    kept.intoArray(keep, idx);
                }
            }
            NmProjection.columns(t, z, keep, out, pat, g, bound, out);
        });
    }
}
