package org.nxm.cli.eval;

import org.nxm.cli.JsonOutput;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.nxm.admm.calibration.CalibrationSentences;
import org.nxm.admm.eval.EvalResult;
import org.nxm.admm.eval.HiddenStateError;
import org.nxm.admm.eval.Probes;
import org.nxm.admm.eval.TaskEvaluator;
import org.nxm.admm.io.PrunedWeightsFile;
import org.nxm.cli.Nxm;
import org.nxm.cli.model.ModelOptions;
import org.nxm.model.data.DataDir;
import org.nxm.model.transformer.Encoder;
import org.nxm.model.transformer.EncoderModel;
import org.nxm.model.transformer.SentenceEmbedder;
import org.nxm.model.transformer.TransformerWeights;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Evaluates all-MiniLM-L6-v2 — dense, or with pruned weights overlaid — on GLUE tasks. The command only
 * resolves inputs and prints; the scoring lives in {@link TaskEvaluator} (admm) and the model module's
 * STS-B evaluation. One {@link Task} constant plus its files in {@link #files} adds a task.
 */
@Command(name = "eval", header = "Evaluate the encoder (dense or pruned) on GLUE dev data: STS-B, SST-2, MRPC.", mixinStandardHelpOptions = true,
        description = {"Evaluate the sentence encoder (dense, or --weights from nxm prune) on GLUE dev data:",
            "stsb: Spearman of embedding cosine vs gold similarity (x100); sst2: accuracy of a logistic probe trained",
            "on 8,000 seeded SST-2 train phrases; mrpc: accuracy/F1 of 10-fold seeded cross-validation on MRPC dev;",
            "with --weights also the mean cosine to the dense model's embeddings and heldout_hidden_error:",
            "||h_pruned - h_dense||^2 / ||h_dense||^2 of the final hidden states on 256 STS-B train sentences that",
            "calibration never uses (128 rows evenly spaced through the file; see the admm README)."},
        footer = {"", "Example:", "  nxm eval --task stsb                       # STS-B dev from ../shared/data",
            "  nxm eval --task stsb --data dev.tsv --json",
            "  nxm eval --weights minilm-2of4-admm.safetensors --task all --json",
            "  nxm eval --model bge-small --task stsb --json",
            "  nxm eval --model-dir ./my-bert --task stsb          # a Hugging Face directory"})
public final class EvalCommand implements Callable<Integer> {
    /** A task and its default data file under the data directory. */
    public enum Task {
        stsb("glue/sts-b/dev.tsv"), sst2("glue/sst-2/dev.tsv"), mrpc("glue/mrpc/dev.tsv"), all(null);

        final String defaultFile;

        Task(String defaultFile) { this.defaultFile = defaultFile; }
    }

    @Option(names = "--task", required = true, paramLabel = "TASK", description = "task: ${COMPLETION-CANDIDATES}")
    Task task;

    @Option(names = "--weights", paramLabel = "FILE", description = "pruned weights (safetensors from nxm prune) overlaid on the dense model")
    Path weights;

    @Option(names = "--data", paramLabel = "FILE", description = "the task's TSV file (default: the dev split under the data directory); one task only")
    Path data;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "data directory (default: $NXM_DATA, else ../shared/data beside the repository)")
    Path dataDir;

    /** The STS-B train file whose last rows are the held-out sentences (see CalibrationSentences). */
    public static final String HELDOUT_FILE = "glue/sts-b/train.tsv";

    @Option(names = "--json", description = "print JSON: stsb_spearman (x100), sst2_accuracy, mrpc_accuracy, mrpc_f1, mean_cosine_to_dense, heldout_hidden_error")
    boolean json;

    @Mixin
    ModelOptions model;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (data != null && task == Task.all) throw new Nxm.UserError("--data takes the file of one task, not --task all");
        TaskEvaluator.Files files = files(task, data, dataDir);
        // Read the data before the model: a bad file fails in milliseconds, not after a model load.
        TaskEvaluator.Data parsed = TaskEvaluator.read(files);
        if (weights != null) org.nxm.model.io.InputFiles.requireRegular(weights, "weights file");
        // With pruned weights, the final-hidden-state error on STS-B train's held-out sentences (never calibration).
        List<String> heldout = weights == null ? null : CalibrationSentences.heldout(DataDir.file(dataDir, HELDOUT_FILE));
        PrintWriter err = spec.commandLine().getErr();
        err.println("nxm eval: loading " + model.describe() + (weights == null ? "" : " + " + weights) + "...");
        err.flush();
        EncoderModel m = model.load();
        SentenceEmbedder dense = m.embedder();
        TransformerWeights overlaid = weights == null ? null : PrunedWeightsFile.overlay(m.weights(), weights);
        SentenceEmbedder evaluated = weights == null ? dense : m.embedder(overlaid);
        err.println("nxm eval: embedding and scoring " + task + "...");
        err.flush();
        long cpu0 = processCpuNanos();
        Function<List<String>, float[][]> denseFn = weights == null ? null : dense::embed;
        EvalResult r = new TaskEvaluator(evaluated::embed, denseFn).evaluate(parsed);
        Double heldoutError = heldout == null ? null
                : HiddenStateError.relative(new Encoder(overlaid), m.encoder(), m.tokenizer(), heldout);
        double cpu = (processCpuNanos() - cpu0) / 1e9;

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("task", task.name());
        if (task != Task.all) result.put("data", (data != null ? data : DataDir.file(dataDir, task.defaultFile)).toString());
        result.put("model", model.describe());
        result.put("weights", weights == null ? "dense" : weights.toString());
        r.toJson().forEach((k, v) -> result.put(k, v instanceof Double d ? round(d) : v));
        if (heldoutError != null) {
            result.put("heldout_hidden_error", round(heldoutError));
            result.put("heldout_sentences", heldout.size());
        }
        result.put("cpu_seconds", round(cpu));
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? JsonOutput.pretty(result) : human(r, files, cpu, heldoutError, heldout == null ? 0 : heldout.size()));
        out.flush();
        return 0;
    }

    static String human(EvalResult r, TaskEvaluator.Files files, double cpu, Double heldoutError, int heldoutSentences) {
        StringBuilder sb = new StringBuilder();
        if (r.stsbSpearman() != null) {
            sb.append(String.format(Locale.ROOT, "STS-B %s: Spearman %.2f, Pearson %.2f (x100) over %d pairs (%d sentences)%n",
                    files.stsbDev().getFileName(), r.stsbSpearman(), r.stsbPearson(), r.stsbPairs(), r.stsbSentences()));
        }
        if (r.sst2Accuracy() != null) {
            sb.append(String.format(Locale.ROOT, "SST-2 %s: accuracy %.2f%% (logistic probe on %d seeded train phrases)%n",
                    files.sst2Dev().getFileName(), 100 * r.sst2Accuracy(), Probes.SST2_TRAIN));
        }
        if (r.mrpcAccuracy() != null) {
            sb.append(String.format(Locale.ROOT, "MRPC %s: accuracy %.2f%%, F1 %.2f%% (%d-fold seeded cross-validation)%n",
                    files.mrpcDev().getFileName(), 100 * r.mrpcAccuracy(), 100 * r.mrpcF1(), Probes.MRPC_FOLDS));
        }
        if (r.meanCosineToDense() != null) {
            sb.append(String.format(Locale.ROOT, "mean cosine to dense: %.4f over %d evaluation sentences%n",
                    r.meanCosineToDense(), r.cosineSentences()));
        }
        if (heldoutError != null) {
            sb.append(String.format(Locale.ROOT, "held-out hidden-state error: %.4f (||h - h_dense||^2 / ||h_dense||^2, final layer, %d held-out STS-B train sentences)%n",
                    heldoutError, heldoutSentences));
        }
        sb.append(String.format(Locale.ROOT, "(%.1f s, %.1f CPU-s)", r.seconds(), cpu));
        return sb.toString();
    }

    /** The files a task reads; {@code data} replaces the task's dev split. */
    public static TaskEvaluator.Files files(Task task, Path data, Path dataDir) {
        boolean stsb = task == Task.stsb || task == Task.all;
        boolean sst2 = task == Task.sst2 || task == Task.all;
        boolean mrpc = task == Task.mrpc || task == Task.all;
        return new TaskEvaluator.Files(
                stsb ? (data != null ? data : DataDir.file(dataDir, Task.stsb.defaultFile)) : null,
                sst2 ? DataDir.file(dataDir, "glue/sst-2/train.tsv") : null,
                sst2 ? (data != null ? data : DataDir.file(dataDir, Task.sst2.defaultFile)) : null,
                mrpc ? (data != null ? data : DataDir.file(dataDir, Task.mrpc.defaultFile)) : null);
    }

    /**
     * CPU time of the whole process (all threads): on shared cores, wall time says little, and
     * CPU-seconds / cores bounds what the evaluation needs on dedicated ones.
     */
    private static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0L;
    }

    private static double round(double v) { return Math.round(v * 1e4) / 1e4; }
}
