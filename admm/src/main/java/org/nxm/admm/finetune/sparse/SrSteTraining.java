package org.nxm.admm.finetune.sparse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.nxm.admm.finetune.model.Param;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;

/**
 * SR-STE (Zhou et al., ICLR 2021): keep dense weights W, run the forward pass with their N:M
 * projection W̃ (mask recomputed every step), pass the gradient taken at W̃ straight through to W,
 * and add the sparse-refined decay λ·(¬mask)∘W so pruned weights shrink and the mask settles. The
 * final weights are the projection.
 */
public final class SrSteTraining implements SparseTraining {
    private final NmPattern pattern;
    private final double decay;
    private List<Param> weights;
    private final List<float[]> masks = new ArrayList<>();
    private long flips;

    public SrSteTraining(NmPattern pattern, double decay) {
        this.pattern = pattern;
        this.decay = decay;
    }

    @Override public String name() { return "srste"; }

    @Override
    public void start(List<Param> linearWeights, Consumer<String> log) {
        weights = linearWeights;
        for (Param w : weights) masks.add(NmMasks.magnitude(w.value(), pattern));
        log.accept("srste: sparse forward with the " + pattern + " projection, straight-through gradient, decay λ=" + decay);
    }

    @Override
    public void beforeForward(int step) {
        flips = 0;
        for (int i = 0; i < weights.size(); i++) {
            Param w = weights.get(i);
            float[] mask = NmMasks.magnitude(w.value(), pattern);
            float[] old = masks.get(i);
            for (int j = 0; j < mask.length; j++) if (mask[j] != old[j]) flips++;
            masks.set(i, mask);
            Matrix sparse = new Matrix(w.value().rows(), w.value().cols());
            NmMasks.apply(w.value().data(), mask, sparse.data());
            w.setForwardOverride(sparse);
        }
    }

    @Override
    public void afterBackward(int step) {
        float lambda = (float) decay;
        for (int i = 0; i < weights.size(); i++) {
            float[] g = weights.get(i).grad().data(), w = weights.get(i).value().data(), mask = masks.get(i);
            for (int j = 0; j < g.length; j++) g[j] += lambda * (1f - mask[j]) * w[j];
        }
    }

    @Override
    public void finish() {
        for (Param w : weights) {
            w.setForwardOverride(null);
            NmMasks.applyInPlace(w.value().data(), NmMasks.magnitude(w.value(), pattern));
        }
    }

    @Override
    public String status() { return "mask flips " + flips; }
}
