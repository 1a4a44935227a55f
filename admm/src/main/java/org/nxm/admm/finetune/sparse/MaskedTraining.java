package org.nxm.admm.finetune.sparse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.nxm.admm.finetune.model.Param;
import org.nxm.model.sparsity.NmPattern;

/**
 * Prune once by magnitude (NVIDIA ASP's rule, generalised to N:M), then fine-tune under the fixed
 * mask: gradients and weights of pruned positions are zeroed every step. Given weights that are
 * already N:M (e.g. from the layer-wise ADMM pruner), the magnitude mask is their own support.
 */
public final class MaskedTraining implements SparseTraining {
    private final NmPattern pattern;
    private final String name;
    private List<Param> weights;
    private final List<float[]> masks = new ArrayList<>();

    public MaskedTraining(NmPattern pattern, String name) {
        this.pattern = pattern;
        this.name = name;
    }

    /** ASP: magnitude prune, then masked fine-tuning. */
    public static MaskedTraining asp(NmPattern pattern) {
        return new MaskedTraining(pattern, "asp");
    }

    @Override public String name() { return name; }

    @Override
    public void start(List<Param> linearWeights, Consumer<String> log) {
        weights = linearWeights;
        long kept = 0, total = 0;
        for (Param w : weights) {
            float[] mask = NmMasks.magnitude(w.value(), pattern);
            NmMasks.applyInPlace(w.value().data(), mask);
            masks.add(mask);
            for (float f : mask) kept += (long) f;
            total += mask.length;
        }
        log.accept(name + ": pruned " + weights.size() + " Linear weights to " + pattern + " by magnitude ("
                + kept + "/" + total + " kept)");
    }

    @Override
    public void afterBackward(int step) {
        for (int i = 0; i < weights.size(); i++) NmMasks.applyInPlace(weights.get(i).grad().data(), masks.get(i));
    }

    @Override
    public void afterStep(int step, double lr) {
        for (int i = 0; i < weights.size(); i++) NmMasks.applyInPlace(weights.get(i).value().data(), masks.get(i));
    }
}
