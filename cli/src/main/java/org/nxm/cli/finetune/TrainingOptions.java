package org.nxm.cli.finetune;

import java.nio.file.Path;
import org.nxm.admm.finetune.FineTuneOptions;
import org.nxm.admm.finetune.SparseLayers;
import org.nxm.admm.finetune.task.GlueTask;
import org.nxm.admm.finetune.sparse.AdmmTraining;
import org.nxm.admm.finetune.train.TrainConfig;
import org.nxm.cli.Nxm;
import org.nxm.model.sparsity.NmPattern;
import picocli.CommandLine.Option;

/** The budget and hyper-parameters shared by {@code nxm finetune} and {@code nxm finetune-compare}. */
final class TrainingOptions {
    @Option(paramLabel = "TASK", names = "--task", description = "rte, mrpc, cola, stsb or sst2")
    String task;

    @Option(paramLabel = "N", names = "--train-examples",
            description = "training examples: a fixed seeded subset of train.tsv; 0 = all (default: all, SST-2 2000)")
    Integer trainExamples;

    @Option(paramLabel = "FRACTION", names = "--holdout", defaultValue = "0",
            description = "hold out this fraction of train.tsv (data seed 42) and report the score on it too: choose settings there, not on dev (default: ${DEFAULT-VALUE})")
    double holdout;

    @Option(paramLabel = "FILE", names = "--eval-data", description = "score on this labelled file (the task's dev.tsv format) instead of dev.tsv")
    Path evalData;

    @Option(paramLabel = "LAYERS", names = "--layers", defaultValue = "all",
            description = "Linear weights made N:M: all (Q, K, V, attention output, FFN1, FFN2) or ffn (FFN1 and FFN2 only) (default: ${DEFAULT-VALUE})")
    String layers;

    @Option(paramLabel = "N", names = "--epochs", description = "passes over the training examples (default 2 unless --steps)")
    Integer epochs;

    @Option(paramLabel = "N", names = "--steps", description = "optimiser steps in total (instead of --epochs)")
    Integer steps;

    @Option(paramLabel = "N", names = "--batch-size", defaultValue = "16", description = "sequences per step (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(paramLabel = "RATE", names = "--lr", defaultValue = "1e-4", description = "AdamW peak learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(paramLabel = "FRACTION", names = "--warmup", defaultValue = "0.1", description = "warm-up fraction of each phase (default: ${DEFAULT-VALUE})")
    double warmup;

    @Option(paramLabel = "DECAY", names = "--weight-decay", defaultValue = "0.01", description = "AdamW weight decay (default: ${DEFAULT-VALUE})")
    double weightDecay;

    @Option(paramLabel = "RATE", names = "--dropout", defaultValue = "0",
            description = "dropout on hidden states and the classifier input while training, as BERT fine-tuning (e.g. 0.1) (default: ${DEFAULT-VALUE})")
    double dropout;

    @Option(paramLabel = "N:M", names = "--pattern", defaultValue = "2:4", description = "N:M pattern (default: ${DEFAULT-VALUE})")
    String pattern;

    @Option(paramLabel = "RHO", names = "--rho0", defaultValue = "1000", description = "ADMM initial ρ (default: ${DEFAULT-VALUE})")
    double rho0;

    @Option(paramLabel = "FACTOR", names = "--rho-growth", defaultValue = "1", description = "ADMM ρ factor per Z/U update (default: ${DEFAULT-VALUE})")
    double rhoGrowth;

    @Option(paramLabel = "RHO", names = "--rho-max", defaultValue = "1e5", description = "ADMM ρ cap (default: ${DEFAULT-VALUE})")
    double rhoMax;

    @Option(paramLabel = "STEPS", names = "--admm-interval", defaultValue = "25", description = "steps between ADMM Z/U updates (default: ${DEFAULT-VALUE})")
    int admmInterval;

    @Option(paramLabel = "FRACTION", names = "--admm-fraction", defaultValue = "0.6",
            description = "fraction of the steps in the ADMM phase before the hard prune (default: ${DEFAULT-VALUE})")
    double admmFraction;

    @Option(paramLabel = "PENALTY", names = "--admm-penalty", defaultValue = "decoupled",
            description = "decoupled (proximal step after AdamW) or gradient (ρ(W−Z+U) added to the gradient) (default: ${DEFAULT-VALUE})")
    String admmPenalty;

    @Option(paramLabel = "SCHEDULE", names = "--admm-schedule", defaultValue = "restart",
            description = "after the hard prune: restart (own warm-up/decay, fresh AdamW moments) or continue (one schedule for the whole budget, as ASP) (default: ${DEFAULT-VALUE})")
    String admmSchedule;

    @Option(paramLabel = "KEPT", names = "--admm-kept", defaultValue = "track",
            description = "between Z-steps, weights on Z's support: track (Z follows W there, the penalty acts only on the weights being pruned) "
                    + "or pull (Z fixed, kept weights pulled back to their last Z) (default: ${DEFAULT-VALUE})")
    String admmKept;

    @Option(paramLabel = "METRIC", names = "--admm-metric", defaultValue = "euclidean",
            description = "norm of the ADMM penalty and projection: euclidean (keep the largest |w|) or activation "
                    + "(weighted by each input column's E[x²] on the training sentences: keep the largest |w|·‖x‖) (default: ${DEFAULT-VALUE})")
    String admmMetric;

    @Option(paramLabel = "DECAY", names = "--srste-decay", defaultValue = "2e-4", description = "SR-STE decay λ on pruned weights (default: ${DEFAULT-VALUE})")
    double srsteDecay;

    @Option(paramLabel = "ALPHA", names = "--kd-alpha", defaultValue = "0.5", description = "distillation weight with --kd (default: ${DEFAULT-VALUE})")
    double kdAlpha;

    @Option(paramLabel = "T", names = "--kd-temperature", defaultValue = "2", description = "distillation temperature (default: ${DEFAULT-VALUE})")
    double kdTemperature;

    @Option(paramLabel = "DIR", names = "--data-dir", description = "data directory (default: $NXM_DATA, else ../shared/data)")
    Path dataDir;

    int steps(int trainSize) {
        return steps(trainSize, null);
    }

    /** Optimiser steps for {@code trainSize} examples; {@code epochsOverride} (non-null) replaces --epochs. */
    int steps(int trainSize, Integer epochsOverride) {
        if (steps != null && epochs != null) throw new Nxm.UserError("give --epochs or --steps, not both");
        if (steps != null) {
            if (steps < 1) throw new Nxm.UserError("--steps " + steps + ": expected a positive number");
            return steps;
        }
        int e = epochsOverride != null ? epochsOverride : epochs == null ? 2 : epochs;
        if (e < 1) throw new Nxm.UserError("--epochs " + e + ": expected a positive number");
        return TrainConfig.stepsFor(trainSize, e, batchSize);
    }

    FineTuneOptions options(int trainSize, long seed) {
        return options(trainSize, seed, null);
    }

    /** The options of one run; {@code epochsOverride} (non-null) replaces --epochs (finetune-compare's --epochs-for). */
    FineTuneOptions options(int trainSize, long seed, Integer epochsOverride) {
        if (batchSize < 1) throw new Nxm.UserError("--batch-size " + batchSize + ": expected a positive number");
        if (!(dropout >= 0 && dropout < 1)) throw new Nxm.UserError("--dropout " + dropout + ": expected a rate from 0 (inclusive) to 1");
        if (!(lr > 0)) throw new Nxm.UserError("--lr " + lr + ": expected a positive number");
        AdmmTraining.Settings admm;
        TrainConfig cfg;
        try {
            admm = new AdmmTraining.Settings(rho0, rhoGrowth, rhoMax, admmInterval, admmFraction,
                    isFirst("--admm-penalty", admmPenalty, "decoupled", "gradient"),
                    isFirst("--admm-schedule", admmSchedule, "restart", "continue"),
                    isFirst("--admm-kept", admmKept, "track", "pull"),
                    isFirst("--admm-metric", admmMetric, "activation", "euclidean"));
            cfg = new TrainConfig(steps(trainSize, epochsOverride), batchSize, lr, warmup, weightDecay, seed, 0, 1, dropout);
        } catch (IllegalArgumentException e) {
            throw new Nxm.UserError(e.getMessage() + " (check --rho0/--rho-growth/--rho-max/--admm-interval/--admm-fraction/--warmup)");
        }
        if (!(holdout >= 0 && holdout < 1)) throw new Nxm.UserError("--holdout " + holdout + ": expected a fraction from 0 (inclusive) to 1");
        return new FineTuneOptions(NmPattern.parse(pattern), cfg, admm, srsteDecay, kdAlpha, kdTemperature, SparseLayers.parse(layers));
    }

    /** The task's data with these options (training subset, held-out fraction, evaluation file). */
    GlueTask.Data load(GlueTask t, org.nxm.model.tokenizer.WordPieceTokenizer tokenizer) {
        return t.load(dataDir, tokenizer, trainExamples, holdout, evalData);
    }

    /**
     * Every setting a run's result depends on besides task, method and seed, as one line (the journal's
     * run key digests it, so a restart with other settings does not skip runs).
     */
    String settings() {
        return settings(null);
    }

    /** {@link #settings()} with {@code epochsOverride} (non-null) in place of --epochs: a run of other length, another key. */
    String settings(Integer epochsOverride) {
        return String.join(" ", "train-examples=" + trainExamples, "holdout=" + holdout, "eval-data=" + evalData,
                "layers=" + layers, "epochs=" + (epochsOverride != null ? epochsOverride : epochs), "steps=" + steps, "batch-size=" + batchSize, "lr=" + lr,
                "warmup=" + warmup, "weight-decay=" + weightDecay, "pattern=" + pattern, "rho0=" + rho0,
                "rho-growth=" + rhoGrowth, "rho-max=" + rhoMax, "admm-interval=" + admmInterval,
                "admm-fraction=" + admmFraction, "admm-penalty=" + admmPenalty, "admm-schedule=" + admmSchedule,
                "admm-kept=" + admmKept, "admm-metric=" + admmMetric, "srste-decay=" + srsteDecay,
                "kd-alpha=" + kdAlpha, "kd-temperature=" + kdTemperature)
                // only when set, so the keys of runs journalled before the option existed stay valid
                + (dropout == 0 ? "" : " dropout=" + dropout);
    }

    /** Whether a two-valued option is {@code first}; anything but the two values is a user error. */
    private static boolean isFirst(String option, String value, String first, String second) {
        if (value.equals(first)) return true;
        if (value.equals(second)) return false;
        throw new Nxm.UserError(option + " " + value + ": expected " + first + " or " + second);
    }
}
