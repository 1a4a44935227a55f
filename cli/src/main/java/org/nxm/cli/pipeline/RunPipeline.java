package org.nxm.cli.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import org.nxm.admm.calibration.CalibrationSentences;
import org.nxm.admm.calibration.PrunedModel;
import org.nxm.admm.calibration.SequentialPruner;
import org.nxm.admm.eval.EvalResult;
import org.nxm.admm.eval.TaskEvaluator;
import org.nxm.admm.pruning.Pruner;
import org.nxm.admm.pruning.Pruners;
import org.nxm.compiler.Compiler;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.LoweredModel;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.lower.WeightBinding;
import org.nxm.compiler.program.LayerSummary;
import org.nxm.compiler.program.ModelShape;
import org.nxm.compiler.program.Program;
import org.nxm.model.data.DataDir;
import org.nxm.model.io.InputException;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.EncoderModel;
import org.nxm.model.transformer.PretrainedEncoders;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.model.transformer.TransformerWeights;
import org.nxm.simulator.TensorCoreRun;
import org.nxm.simulator.functional.FunctionalCheck;
import org.nxm.simulator.functional.FunctionalRun;
import org.nxm.model.tokenizer.WordPieceTokenizer;
import org.nxm.simulator.report.SimReport;
import org.nxm.simulator.tensorcore.HardwareParams;
import org.nxm.traces.analysis.TraceDiff;
import org.nxm.traces.analysis.TraceStats;
import org.nxm.traces.format.NxmtReader;
import org.nxm.traces.format.NxmtWriter;
import org.nxm.traces.plot.TracePlots;

/**
 * The whole chain on one model, as a user would run it step by step with {@code nxm prune},
 * {@code nxm eval}, {@code nxm compile} and {@code nxm simulate}, calling the same library code:
 * load the pretrained weights, prune them to N:M, evaluate STS-B dev dense vs pruned, compile dense and
 * sparse programs for the target, simulate both (with traces), execute the sparse model functionally on a
 * few real sentences against the reference forward, and plot the sparse trace.
 *
 * <p>A preset without pretrained weights (bert-base, ...) runs the timing part only: timing does not
 * depend on weight values, so its programs are compiled from shapes.
 *
 * <p>Library code, no picocli and no printing (progress goes to a callback): {@code nxm run} declares the
 * options and prints the {@link Outcome}. It lives in the cli module, not in simulator, because it prunes
 * and evaluates (admm), and the design's one-way flow has the simulator depend on compiler and traces only.
 */
public final class RunPipeline {
    /**
     * @param model preset; minilm-l6 and bge-small have pretrained weights
     * @param calib calibration sentences from STS-B train
     * @param batch sequences per simulated inference
     * @param seq tokens per simulated sequence
     * @param functionalSentences real sentences (STS-B dev) run through the functional simulation
     * @param evaluate whether to score STS-B dev dense and pruned
     * @param compiledDense also compile and simulate the dense model with the compiler's own dense tiling
     * @param source the model from files (--model-dir, --onnx) with 'model' naming where it came from; null = the
     *               preset named by 'model'
     */
    public record Options(String model, NmPattern pattern, String method, String hardware, int calib, int batch, int seq,
                          int functionalSentences, boolean evaluate, boolean compiledDense, Path dataDir, Path outDir,
                          java.util.function.Supplier<EncoderModel> source) {
        /** A preset model (no file source). */
        public Options(String model, NmPattern pattern, String method, String hardware, int calib, int batch, int seq,
                       int functionalSentences, boolean evaluate, boolean compiledDense, Path dataDir, Path outDir) {
            this(model, pattern, method, hardware, calib, batch, seq, functionalSentences, evaluate, compiledDense, dataDir, outDir, null);
        }
    }

    /** Wall time of one step. */
    public record Step(String name, double seconds) {}

    /** STS-B dev, dense vs pruned. */
    public record Accuracy(double denseSpearman, double prunedSpearman, double meanCosineToDense, int pairs) {}

    /** Linear weights in the target's dtype: dense bytes vs the kept values plus index metadata. */
    public record Compression(long denseBytes, long valueBytes, long metadataBytes) {
        public double ratio() { return (double) denseBytes / (valueBytes + metadataBytes); }
    }

    public record Outcome(Options options, HardwareConfig hardware, boolean pretrained, PrunedModel pruned,
                          Accuracy accuracy, Compression compression, Program sparseProgram, SimReport denseTwin,
                          SimReport dense, SimReport sparse, FunctionalCheck.Result functional, TraceDiff diff,
                          Path denseTrace, Path sparseTrace, List<Path> plots, List<Step> steps, double seconds) {
        /** The same outcome with its files named as they will be once the work folder is moved to {@code dir}. */
        public Outcome movedTo(Path dir) {
            Path from = options.outDir();
            java.util.function.UnaryOperator<Path> m = p -> dir.resolve(from.relativize(p));
            return new Outcome(new Options(options.model(), options.pattern(), options.method(), options.hardware(), options.calib(),
                    options.batch(), options.seq(), options.functionalSentences(), options.evaluate(), options.compiledDense(),
                    options.dataDir(), dir, options.source()), hardware, pretrained, pruned, accuracy, compression, sparseProgram, denseTwin, dense,
                    sparse, functional, diff, m.apply(denseTrace), m.apply(sparseTrace), plots.stream().map(m).toList(), steps, seconds);
        }

        /** Against the dense twin (same tiles and schedule, every MMA dense), as {@code nxm simulate} reports it. */
        public double speedup() { return (double) denseTwin.cycles() / sparse.cycles(); }

        /** Against the program the compiler builds for the dense model (its own tiling); null unless asked for. */
        public Double speedupVsCompiledDense() { return dense == null ? null : (double) dense.cycles() / sparse.cycles(); }
    }

    private final Options o;
    private final Consumer<String> progress;
    private final List<Step> steps = new ArrayList<>();

    public RunPipeline(Options options, Consumer<String> progress) {
        this.o = options;
        this.progress = progress;
    }

    public Outcome run() {
        long start = System.nanoTime();
        // Everything cheap is checked before the first heavy step.
        HardwareConfig hw = HardwareConfig.resolve(o.hardware());
        HardwareParams.from(hw); // refuses targets the tensor-core simulator cannot run
        Pruner pruner = Pruners.create(o.method());
        // A model from files is read first: its config.json (or graph) gives the shapes everything else checks.
        EncoderModel fromFiles = o.source() == null ? null : step("load " + o.model(), o.source()::get);
        TransformerConfig config = fromFiles != null ? fromFiles.config() : TransformerConfig.preset(o.model());
        boolean pretrained = fromFiles != null || PretrainedEncoders.has(config.name());
        SequentialPruner.requireFits(config, o.pattern());
        if (!hw.supports(o.pattern())) {
            throw new InputException("--hw " + hw.name() + ": does not run pattern " + o.pattern() + " sparse (supports "
                    + hw.sparsePatterns() + ")");
        }
        ModelShape shape = ModelShape.of(config, o.batch(), o.seq());
        Path stsbTrain = null, stsbDev = null;
        if (pretrained) {
            stsbTrain = DataDir.file(o.dataDir(), "glue/sts-b/train.tsv");
            stsbDev = DataDir.file(o.dataDir(), "glue/sts-b/dev.tsv");
        }

        LoweredModel lowered = Lowering.lower(shape);
        // Timing does not depend on weight values: without pretrained weights the programs come from shapes.
        PretrainedPart real = pretrained ? pruneEvaluateCheck(fromFiles, pruner, lowered, stsbTrain, stsbDev) : null;
        WeightBinding b = real == null ? null : real.binding();
        Program sparseProgram = step("compile " + shape.name() + " " + o.pattern() + (pretrained ? " (real weights)" : " (shapes)")
                + " for " + hw.name(), () -> Compiler.compile(new Compiler.Request(lowered, hw, o.pattern(), b == null ? null : b.weights()::get,
                b == null ? null : b.parameters()::get)).program());

        Path denseTrace = o.outDir().resolve("dense.nxmt");
        Path sparseTrace = o.outDir().resolve("sparse.nxmt");
        TensorCoreRun runner = new TensorCoreRun(hw);
        FunctionalCheck.Result functional = real == null ? null
                : step("functional simulation of the compiled program vs reference forward", () -> functionalCheck(real, sparseProgram));
        SimReport sparse = step("simulate " + o.pattern(), () -> runner.run(sparseProgram, "sparse program", h -> NxmtWriter.open(sparseTrace, h)));
        SimReport denseTwin = step("simulate the dense twin (same tiles, dense MMAs)",
                () -> runner.runDenseTwin(sparseProgram, "sparse program", h -> NxmtWriter.open(denseTrace, h)));
        SimReport dense = null;
        if (o.compiledDense()) {
            Program denseProgram = step("compile " + shape.name() + " dense for " + hw.name(),
                    () -> Compiler.compile(new Compiler.Request(lowered, hw, null, null, null)).program());
            dense = step("simulate the compiled dense program", () -> runner.run(denseProgram, "dense program"));
        }
        TraceDiff diff = step("analyse traces", () -> TraceDiff.of("dense", stats(denseTrace), o.pattern().toString(), stats(sparseTrace)));
        List<Path> plots = step("plot", () -> {
            List<Path> out = new ArrayList<>(TracePlots.write(sparseTrace, o.outDir().resolve("plots-sparse"), null,
                    shape.name() + " " + o.pattern() + " on " + hw.name()));
            out.addAll(TracePlots.write(denseTrace, o.outDir().resolve("plots-dense"), null, shape.name() + " dense on " + hw.name()));
            return out;
        });
        long denseBytes = 0, valueBytes = 0, metaBytes = 0;
        for (LayerSummary l : sparseProgram.layers()) {
            denseBytes += l.denseWeightBytes();
            valueBytes += l.weightValueBytes();
            metaBytes += l.metadataBytes();
        }
        return new Outcome(o, hw, pretrained, real == null ? null : real.pruned(), real == null ? null : real.accuracy(), new Compression(denseBytes, valueBytes, metaBytes), sparseProgram,
                denseTwin, dense, sparse, functional, diff, denseTrace, sparseTrace, plots, List.copyOf(steps), (System.nanoTime() - start) / 1e9);
    }

    /** What only a model with pretrained weights gets: the pruned weights, their accuracy and the texts of the functional check. */
    private record PretrainedPart(PrunedModel pruned, Accuracy accuracy, WordPieceTokenizer tokenizer, List<String> sentences,
                                  WeightBinding binding) {}

    /**
     * The sparse program, the one that is timed, executed tile op by tile op on its encoded weight bytes,
     * on STS-B dev text packed into its batch × seq, against the reference forward on the pruned weights.
     */
    private FunctionalCheck.Result functionalCheck(PretrainedPart real, Program program) {
        FunctionalRun.Packed packed = FunctionalRun.pack(real.tokenizer(), real.sentences(), o.batch(), o.seq());
        return FunctionalCheck.run(program, real.pruned().weights(), packed.batch(), packed.sentences());
    }

    private PretrainedPart pruneEvaluateCheck(EncoderModel fromFiles, Pruner pruner, LoweredModel lowered, Path stsbTrain, Path stsbDev) {
        EncoderModel lm = fromFiles != null ? fromFiles : step("load " + o.model(), () -> PretrainedEncoders.load(o.model()));
        List<String> calibration = CalibrationSentences.fromStsb(stsbTrain, o.calib());
        PrunedModel pruned = step(String.format(Locale.ROOT, "prune to %s with %s (%d calibration sentences)", o.pattern(), pruner.name(),
                pruner.needsCalibration() ? o.calib() : 0), () -> new SequentialPruner(pruner, o.pattern()).prune(lm.weights(),
                pruner.needsCalibration() ? SequentialPruner.batches(lm.tokenizer(), calibration) : List.of(),
                r -> progress.accept(String.format(Locale.ROOT, "    %-50s err %.4f -> %.4f", r.name(), r.errorBefore(), r.errorAfter()))));
        Accuracy accuracy = o.evaluate()
                ? step("evaluate STS-B dev, dense and pruned", () -> evaluate(lm, pruned.weights(), stsbDev)) : null;
        // At least the asked-for sentences, and enough to fill the program's token rows without repeating.
        List<String> sentences = FunctionalRun.stsbSentences(o.dataDir(), Math.max(o.functionalSentences(), o.batch() * o.seq() / 4));
        return new PretrainedPart(pruned, accuracy, lm.tokenizer(), sentences,
                WeightBinding.fromWeights(pruned.weights(), lowered, o.pattern(), false));
    }

    private Accuracy evaluate(EncoderModel lm, TransformerWeights prunedWeights, Path stsbDev) {
        TaskEvaluator.Data data = TaskEvaluator.read(new TaskEvaluator.Files(stsbDev, null, null, null));
        Function<List<String>, float[][]> denseEmb = TaskEvaluator.memoised(lm.embedder()::embed);
        EvalResult d = new TaskEvaluator(denseEmb, null).evaluate(data);
        EvalResult s = new TaskEvaluator(lm.embedder(prunedWeights)::embed, denseEmb).evaluate(data);
        return new Accuracy(d.stsbSpearman(), s.stsbSpearman(), s.meanCosineToDense(), s.stsbPairs());
    }

    private static TraceStats stats(Path trace) {
        try (NxmtReader r = NxmtReader.open(trace)) {
            return TraceStats.of(r);
        }
    }

    private <T> T step(String name, java.util.function.Supplier<T> body) {
        progress.accept(name + " ...");
        long t0 = System.nanoTime();
        T result = body.get();
        double secs = (System.nanoTime() - t0) / 1e9;
        steps.add(new Step(name, secs));
        progress.accept(String.format(Locale.ROOT, "  done in %.1f s", secs));
        return result;
    }
}
