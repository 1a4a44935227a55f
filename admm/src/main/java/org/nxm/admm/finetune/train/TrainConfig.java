package org.nxm.admm.finetune.train;

/**
 * One fine-tuning run's budget and optimiser settings. Every method of a comparison gets the same
 * config, so the same number of steps, batches (same seed, same order) and learning-rate peak.
 *
 * @param steps          optimiser steps in total (all phases)
 * @param batchSize      sequences per step
 * @param learningRate   AdamW peak learning rate
 * @param warmupFraction fraction of each phase spent warming up
 * @param weightDecay    AdamW decoupled weight decay
 * @param seed           shuffling and head initialisation
 * @param kdAlpha        weight of the distillation term (0 = none)
 * @param kdTemperature  softmax temperature of the distillation term
 * @param dropout        dropout rate on hidden states and the classifier input during training (0 = none)
 */
public record TrainConfig(int steps, int batchSize, double learningRate, double warmupFraction, double weightDecay,
                          long seed, double kdAlpha, double kdTemperature, double dropout) {
    public TrainConfig {
        if (steps < 1 || batchSize < 1 || learningRate <= 0 || warmupFraction < 0 || warmupFraction >= 1
                || kdAlpha < 0 || kdAlpha > 1 || kdTemperature <= 0 || !(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("bad training config");
        }
    }

    /** Without dropout. */
    public TrainConfig(int steps, int batchSize, double learningRate, double warmupFraction, double weightDecay,
                       long seed, double kdAlpha, double kdTemperature) {
        this(steps, batchSize, learningRate, warmupFraction, weightDecay, seed, kdAlpha, kdTemperature, 0);
    }

    /** Steps for {@code epochs} passes over {@code examples} examples. */
    public static int stepsFor(int examples, int epochs, int batchSize) {
        return (int) Math.ceil((double) examples * epochs / batchSize);
    }

    public TrainConfig withKd(double alpha, double temperature) {
        return new TrainConfig(steps, batchSize, learningRate, warmupFraction, weightDecay, seed, alpha, temperature, dropout);
    }
}
