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
        long kept = 0, total = 0, zeroed = 0;
        for (Param w : weights) {
            float[] mask = NmMasks.magnitude(w.value(), pattern);
            float[] v = w.value().data();
            for (int i = 0; i < v.length; i++) if (mask[i] == 0 && v[i] != 0) zeroed++;
            NmMasks.applyInPlace(v, mask);
            masks.add(mask);
            for (float f : mask) kept += (long) f;
            total += mask.length;
        }
        // Weights that start N:M (layer-wise ADMM's) lose nothing here: say so rather than "pruned by magnitude".
        log.accept(zeroed == 0
                ? name + ": the " + weights.size() + " Linear weights start " + pattern + "; fine-tuning keeps their support (" + kept + "/" + total + " kept)"
                : name + ": pruned " + weights.size() + " Linear weights to " + pattern + " by magnitude (" + kept + "/" + total + " kept, "
                        + zeroed + " non-zeros removed)");
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
