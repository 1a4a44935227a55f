package org.nxm.admm.calibration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.nxm.admm.linalg.Gram;
import org.nxm.admm.pruning.InputGram;
import org.nxm.admm.pruning.LayerProblem;
import org.nxm.admm.pruning.LayerReport;
import org.nxm.admm.pruning.PruneResult;
import org.nxm.admm.pruning.Pruner;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;
import org.nxm.model.tokenizer.WordPieceTokenizer;
import org.nxm.model.transformer.Encoder;
import org.nxm.model.transformer.LinearInputHook;
import org.nxm.model.transformer.LinearSpec;
import org.nxm.model.transformer.TokenBatch;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.model.transformer.TransformerWeights;

/**
 * Prunes every Linear of an encoder in forward order, each with calibration inputs that have gone
 * through the already-pruned earlier Linears. Per block: the query/key/value inputs are captured and
 * the three weights pruned together (they read the same input, and rows are independent, so one
 * stacked problem shares one Hessian factorisation); then the block is re-run with the pruned q/k/v to
 * capture the attention-output input, and so on for the intermediate and output Linears; finally the
 * fully pruned block produces the next block's hidden states.
 */
public final class SequentialPruner {
    /** Sequences per calibration batch (sorted by length, so padding stays small). */
    static final int BATCH = 64;

    private final Pruner pruner;
    private final NmPattern pattern;

    public SequentialPruner(Pruner pruner, NmPattern pattern) {
        this.pruner = pruner;
        this.pattern = pattern;
    }

    /** Checks up front that the pattern fits every Linear, before any work. */
    public static void requireFits(TransformerConfig config, NmPattern pattern) {
        for (LinearSpec s : config.linears()) pattern.requireDivides(s.in(), s.name());
    }

    /** Length-sorted batches of the tokenised calibration sentences. */
    public static List<TokenBatch> batches(WordPieceTokenizer tokenizer, List<String> sentences) {
        List<TokenBatch.Sequence> seqs = new ArrayList<>();
        for (String s : sentences) seqs.add(tokenizer.encode(s));
        seqs.sort(Comparator.comparingInt(TokenBatch.Sequence::length));
        List<TokenBatch> out = new ArrayList<>();
        for (int i = 0; i < seqs.size(); i += BATCH) out.add(TokenBatch.of(seqs.subList(i, Math.min(seqs.size(), i + BATCH))));
        return out;
    }

    /** Prunes a copy of {@code dense}; {@code progress} hears each layer's report as it finishes. */
    public PrunedModel prune(TransformerWeights dense, List<TokenBatch> calibration, Consumer<LayerReport> progress) {
        long t0 = System.nanoTime();
        TransformerConfig config = dense.config();
        requireFits(config, pattern);
        TransformerWeights weights = dense;
        List<LayerReport> reports = new ArrayList<>();
        boolean calibrate = pruner.needsCalibration();
        List<Matrix> hidden = new ArrayList<>();
        if (calibrate) {
            Encoder enc = new Encoder(weights);
            for (TokenBatch b : calibration) hidden.add(enc.embed(b));
        }
        for (int layer = 0; layer < config.layers(); layer++) {
            List<LinearSpec> ls = config.linears(layer);
            List<List<LinearSpec>> groups = List.of(ls.subList(0, 3), List.of(ls.get(3)), List.of(ls.get(4)), List.of(ls.get(5)));
            for (List<LinearSpec> group : groups) {
                InputGram gram = calibrate ? capture(weights, layer, group.get(0), hidden, calibration) : null;
                Matrix stacked = stack(weights, group);
                String name = group.size() == 1 ? group.get(0).name()
                        : "encoder.layer." + layer + ".attention.self.{query,key,value}";
                PruneResult r = pruner.prune(new LayerProblem(name, stacked, gram, pattern));
                int row = 0;
                for (LinearSpec s : group) {
                    Matrix part = r.weight().rowSlice(row, row + s.out());
                    row += s.out();
                    long bad = pattern.violations(part.data(), part.rows(), part.cols());
                    if (bad != 0) throw new IllegalStateException(s.name() + ": " + bad + " groups violate " + pattern + " after " + pruner.name());
                    weights = weights.withLinearWeight(s.name(), part);
                }
                reports.add(r.report());
                progress.accept(r.report());
            }
            if (calibrate) {
                Encoder enc = new Encoder(weights);
                for (int b = 0; b < hidden.size(); b++) hidden.set(b, enc.layer(layer, hidden.get(b), calibration.get(b), LinearInputHook.NONE));
            }
        }
        return new PrunedModel(weights, pattern, pruner.name(), reports, (System.nanoTime() - t0) / 1e9);
    }

    private static Matrix stack(TransformerWeights w, List<LinearSpec> group) {
        if (group.size() == 1) return w.linearWeight(group.get(0));
        int in = group.get(0).in(), rows = 0;
        for (LinearSpec s : group) rows += s.out();
        float[] d = new float[rows * in];
        int off = 0;
        for (LinearSpec s : group) {
            float[] src = w.linearWeight(s).data();
            System.arraycopy(src, 0, d, off, src.length);
            off += src.length;
        }
        return new Matrix(rows, in, d);
    }

    /** Runs block {@code layer} on every batch up to {@code target}'s input and accumulates its XᵀX over real tokens. */
    private static InputGram capture(TransformerWeights weights, int layer, LinearSpec target, List<Matrix> hidden,
                                     List<TokenBatch> batches) {
        Encoder enc = new Encoder(weights);
        Gram gram = new Gram(target.in());
        for (int b = 0; b < batches.size(); b++) {
            TokenBatch batch = batches.get(b);
            try {
                enc.layer(layer, hidden.get(b), batch, (spec, input, tb) -> {
                    if (spec.name().equals(target.name())) {
                        Matrix real = tb.realRows(input);
                        gram.add(real.data(), real.rows());
                        throw CaptureDone.INSTANCE;
                    }
                });
            } catch (CaptureDone done) {
                // The rest of the block is not needed for this Linear's statistics.
            }
        }
        return new InputGram(target.in(), gram.matrix(), gram.tokens());
    }

    /** Stops a block's forward pass once the wanted Linear input has been seen (control flow, no trace). */
    private static final class CaptureDone extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final CaptureDone INSTANCE = new CaptureDone();

        private CaptureDone() {
            super(null, null, false, false);
        }
    }
}
