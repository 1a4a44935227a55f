package org.nxm.admm.finetune;

import org.nxm.admm.finetune.sparse.AdmmTraining;
import org.nxm.admm.finetune.train.TrainConfig;
import org.nxm.model.sparsity.NmPattern;

/**
 * Settings shared by every method of a comparison.
 *
 * @param kdAlpha       weight of distillation from the dense fine-tuned teacher when --kd is on
 * @param kdTemperature its softmax temperature
 * @param layers        which Linear weights the sparse methods act on
 */
public record FineTuneOptions(NmPattern pattern, TrainConfig train, AdmmTraining.Settings admm, double srsteDecay,
                              double kdAlpha, double kdTemperature, SparseLayers layers) {
    /** All Linear weights sparse. */
    public FineTuneOptions(NmPattern pattern, TrainConfig train, AdmmTraining.Settings admm, double srsteDecay,
                           double kdAlpha, double kdTemperature) {
        this(pattern, train, admm, srsteDecay, kdAlpha, kdTemperature, SparseLayers.ALL);
    }
}
