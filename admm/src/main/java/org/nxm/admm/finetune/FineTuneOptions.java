package org.nxm.admm.finetune;

import org.nxm.admm.finetune.sparse.AdmmTraining;
import org.nxm.admm.finetune.train.TrainConfig;
import org.nxm.model.sparsity.NmPattern;

/**
 * Settings shared by every method of a comparison.
 *
 * @param kdAlpha       weight of distillation from the dense fine-tuned teacher when --kd is on
 * @param kdTemperature its softmax temperature
 */
public record FineTuneOptions(NmPattern pattern, TrainConfig train, AdmmTraining.Settings admm, double srsteDecay,
                              double kdAlpha, double kdTemperature) {
    public static FineTuneOptions defaults(NmPattern pattern, TrainConfig train) {
        return new FineTuneOptions(pattern, train, AdmmTraining.Settings.defaults(), 2e-4, 0.5, 2.0);
    }
}
