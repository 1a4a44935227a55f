package org.nxm.cli.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nxm.cli.embed.ModelOptions;
import org.nxm.model.data.DataDir;
import org.nxm.model.data.GlueTsv;
import org.nxm.model.eval.StsbEvaluation;
import org.nxm.model.transformer.MiniLm;
import org.nxm.model.transformer.TransformerWeights;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Evaluates all-MiniLM-L6-v2 (dense, or other weights of its shape) on a GLUE task. The command only
 * resolves inputs and prints; each task's logic lives in the model/admm evaluation classes, and one
 * {@link Task} constant plus one {@code case} adds a task.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate the sentence encoder on a GLUE task (stsb: Spearman of embedding cosine vs gold similarity, ×100).",
        footer = {"", "Example:", "  nxm eval --task stsb                       # STS-B dev from ../shared/data",
            "  nxm eval --task stsb --data dev.tsv --json"})
public final class EvalCommand implements Callable<Integer> {
    /** A task and its default data file under the data directory. */
    public enum Task {
        stsb("glue/sts-b/dev.tsv");

        final String defaultFile;

        Task(String defaultFile) { this.defaultFile = defaultFile; }
    }

    @Option(names = "--task", required = true, paramLabel = "TASK", description = "task: ${COMPLETION-CANDIDATES}")
    Task task;

    @Option(names = "--data", paramLabel = "FILE", description = "the task's TSV file (default: the dev split under the data directory)")
    Path data;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "data directory (default: $NXM_DATA, else ../shared/data beside the repository)")
    Path dataDir;

    @Option(names = "--json", description = "print JSON instead of text")
    boolean json;

    @Mixin
    ModelOptions model;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path file = data != null ? data : DataDir.file(dataDir, task.defaultFile);
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("task", task.name());
        result.put("data", file.toString());
        result.put("model", model.describe());
        result.put("weights", "dense");
        String human;
        switch (task) {
            case stsb -> {
                // Read the data before the model: a bad file fails in milliseconds, not after a model load.
                var pairs = GlueTsv.stsb(file);
                MiniLm m = loadModel(err);
                err.println("nxm eval: embedding " + pairs.size() + " STS-B pairs...");
                err.flush();
                long cpu0 = processCpuNanos();
                StsbEvaluation.Result r = StsbEvaluation.evaluate(m.embedder(weights(m)), pairs);
                double cpu = (processCpuNanos() - cpu0) / 1e9;
                result.put("pairs", r.pairs());
                result.put("sentences", r.sentences());
                result.put("stsb_spearman", round(r.spearmanPoints()));
                result.put("stsb_pearson", round(r.pearsonPoints()));
                result.put("seconds", round(r.seconds()));
                result.put("cpu_seconds", round(cpu));
                human = String.format(Locale.ROOT, "STS-B %s: Spearman %.2f, Pearson %.2f (x100) over %d pairs (%d sentences, %.1f s, %.1f CPU-s)",
                        file.getFileName(), r.spearmanPoints(), r.pearsonPoints(), r.pairs(), r.sentences(), r.seconds(), cpu);
            }
            default -> throw new IllegalStateException("unhandled task " + task);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result) : human);
        out.flush();
        return 0;
    }

    private MiniLm loadModel(PrintWriter err) {
        err.println("nxm eval: loading " + model.describe() + "...");
        err.flush();
        return model.load();
    }

    /** The weights to evaluate: the dense pretrained ones (other weight sources plug in here). */
    private TransformerWeights weights(MiniLm m) {
        return m.weights();
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
