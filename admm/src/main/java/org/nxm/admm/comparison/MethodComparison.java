package org.nxm.admm.comparison;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.nxm.admm.calibration.PrunedModel;
import org.nxm.admm.calibration.SequentialPruner;
import org.nxm.admm.eval.EvalResult;
import org.nxm.admm.eval.HiddenStateError;
import org.nxm.admm.eval.TaskEvaluator;
import org.nxm.admm.io.PrunedWeightsFile;
import org.nxm.admm.pruning.Pruner;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.Encoder;
import org.nxm.model.transformer.EncoderModel;
import org.nxm.model.transformer.LinearSpec;
import org.nxm.model.transformer.TokenBatch;

/**
 * Every pruning method on one model with one calibration set and one evaluation recipe (the experiment
 * behind {@code nxm compare}): the dense row first, then per method the sequential prune, an N:M check of
 * every pruned Linear, the task evaluation against the dense embeddings (memoised, so the dense model
 * embeds each sentence once) and the held-out final-hidden-state error.
 */
public final class MethodComparison {
    private final EncoderModel model;
    private final NmPattern pattern;

    /** @throws IllegalArgumentException (an input error) when the pattern does not divide every Linear's input */
    public MethodComparison(EncoderModel model, NmPattern pattern) {
        SequentialPruner.requireFits(model.weights().config(), pattern);
        this.model = model;
        this.pattern = pattern;
    }

    /**
     * Runs the comparison. {@code progress} gets one line as each stage starts (no prefix); with a
     * {@code saveDir} each method's weights are also written there as {@code <method>.safetensors}.
     *
     * @param calibration the calibration sentences (every method gets the same)
     * @param heldout     sentences no method calibrated on, for {@link HiddenStateError}
     */
    public List<ComparisonRow> run(List<Pruner> pruners, List<String> calibration, List<String> heldout, TaskEvaluator.Data tasks,
                                   Path saveDir, Consumer<String> progress) {
        List<TokenBatch> batches = SequentialPruner.batches(model.tokenizer(), calibration);
        Function<List<String>, float[][]> dense = TaskEvaluator.memoised(model.embedder()::embed);
        List<ComparisonRow> rows = new ArrayList<>();
        progress.accept("dense");
        rows.add(ComparisonRow.dense(new TaskEvaluator(dense, null).evaluate(tasks)));
        for (Pruner p : pruners) {
            progress.accept(p.name() + " " + pattern + " ...");
            PrunedModel pm = new SequentialPruner(p, pattern).prune(model.weights(), batches, r -> { });
            long bad = 0;
            for (LinearSpec s : model.weights().config().linears()) {
                var w = pm.weights().linearWeight(s);
                bad += pattern.violations(w.data(), w.rows(), w.cols());
            }
            if (saveDir != null) PrunedWeightsFile.save(saveDir.resolve(p.name() + ".safetensors"), pm, calibration.size());
            progress.accept(String.format(java.util.Locale.ROOT, "%s pruned in %.1f s, evaluating", p.name(), pm.seconds()));
            EvalResult e = new TaskEvaluator(model.embedder(pm.weights())::embed, dense).evaluate(tasks);
            double held = HiddenStateError.relative(new Encoder(pm.weights()), model.encoder(), model.tokenizer(), heldout);
            rows.add(new ComparisonRow(p.name(), e, pm.seconds(), bad, held));
        }
        return rows;
    }
}
