package org.nxm.admm.calibration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.nxm.admm.linalg.Cholesky;
import org.nxm.admm.linalg.Gemm;
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

    /** Damping of the corrected target's solve under {@link CalibrationTarget#DENSE_OUTPUTS} (as the pruners' 1%). */
    static final double TARGET_DAMPING = 0.01;

    private final Pruner pruner;
    private final NmPattern pattern;
    private final CalibrationTarget target;

    public SequentialPruner(Pruner pruner, NmPattern pattern, CalibrationTarget target) {
        this.pruner = pruner;
        this.pattern = pattern;
        this.target = target;
    }

    public SequentialPruner(Pruner pruner, NmPattern pattern) {
        this(pruner, pattern, CalibrationTarget.PRUNED_INPUTS);
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
        // The dense model's hidden states, for the targets that need them.
        List<Matrix> denseHidden = calibrate && target != CalibrationTarget.PRUNED_INPUTS ? new ArrayList<>(hidden) : null;
        for (int layer = 0; layer < config.layers(); layer++) {
            List<LinearSpec> ls = config.linears(layer);
            List<List<LinearSpec>> groups = List.of(ls.subList(0, 3), List.of(ls.get(3)), List.of(ls.get(4)), List.of(ls.get(5)));
            for (List<LinearSpec> group : groups) {
                Matrix stacked = stack(weights, group);
                InputGram gram = null;
                if (calibrate) {
                    switch (target) {
                        case PRUNED_INPUTS -> gram = capture(weights, layer, group.get(0), hidden, calibration);
                        case DENSE_INPUTS -> gram = capture(dense, layer, group.get(0), denseHidden, calibration);
                        case DENSE_OUTPUTS -> {
                            Captured c = captureBoth(weights, dense, layer, group.get(0), hidden, denseHidden, calibration);
                            gram = c.gram();
                            stacked = correctedTarget(stacked, c);
                        }
                    }
                }
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
                if (denseHidden != null) {
                    Encoder denseEnc = new Encoder(dense);
                    for (int b = 0; b < denseHidden.size(); b++) {
                        denseHidden.set(b, denseEnc.layer(layer, denseHidden.get(b), calibration.get(b), LinearInputHook.NONE));
                    }
                }
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
        Gram gram = new Gram(target.in());
        for (int b = 0; b < batches.size(); b++) {
            Matrix real = input(weights, layer, target, hidden.get(b), batches.get(b));
            gram.add(real.data(), real.rows());
        }
        return new InputGram(target.in(), gram.matrix(), gram.tokens());
    }

    /** X̂ᵀX̂ of the pruned model's inputs and the cross product X̂ᵀX with the dense model's (row-major [n, n]). */
    private record Captured(InputGram gram, double[] cross) {}

    private static Captured captureBoth(TransformerWeights weights, TransformerWeights dense, int layer, LinearSpec target,
                                        List<Matrix> hidden, List<Matrix> denseHidden, List<TokenBatch> batches) {
        int n = target.in();
        Gram gram = new Gram(n);
        double[] cross = new double[n * n];
        for (int b = 0; b < batches.size(); b++) {
            Matrix xp = input(weights, layer, target, hidden.get(b), batches.get(b));
            Matrix xd = input(dense, layer, target, denseHidden.get(b), batches.get(b));
            gram.add(xp.data(), xp.rows());
            float[] c = Gemm.multiply(Gemm.transpose(xp.data(), xp.rows(), n), n, xp.rows(), xd.data(), n);
            for (int i = 0; i < c.length; i++) cross[i] += c[i];
        }
        return new Captured(new InputGram(n, gram.matrix(), gram.tokens()), cross);
    }

    /** The corrected target of {@link CalibrationTarget#DENSE_OUTPUTS}: rows (Ĥ + λD)⁻¹(C + λD)w₀, C = X̂ᵀX. */
    private static Matrix correctedTarget(Matrix w0, Captured c) {
        int n = w0.cols(), out = w0.rows();
        double[] h = c.gram().damped(TARGET_DAMPING);
        double add = TARGET_DAMPING * c.gram().meanDiagonal();
        float[] cf = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) cf[i * n + j] = (float) (c.cross()[i * n + j] + (i == j ? add : 0));
        }
        float[] rhs = Gemm.multiply(cf, n, n, Gemm.transpose(w0.data(), out, n), out);   // (C + λD) W₀ᵀ, [n, out]
        Cholesky.factor(h, n).solveInPlace(rhs, out);
        return new Matrix(out, n, Gemm.transpose(rhs, n, out));
    }

    /** The real-token rows of {@code target}'s input when block {@code layer} of {@code weights} runs on one batch. */
    private static Matrix input(TransformerWeights weights, int layer, LinearSpec target, Matrix hidden, TokenBatch batch) {
        Matrix[] seen = new Matrix[1];
        try {
            new Encoder(weights).layer(layer, hidden, batch, (spec, input, tb) -> {
                if (spec.name().equals(target.name())) {
                    seen[0] = tb.realRows(input);
                    throw CaptureDone.INSTANCE;
                }
            });
        } catch (CaptureDone done) {
            // The rest of the block is not needed for this Linear's statistics.
        }
        return seen[0];
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
