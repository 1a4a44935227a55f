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
                              double kdAlpha, double kdTemperature) {}
