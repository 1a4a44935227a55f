package org.nxm.cli.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.nxm.admm.eval.EvalResult;
import org.nxm.admm.eval.TaskEvaluator;
import org.nxm.admm.io.PrunedWeightsFile;
import org.nxm.cli.Nxm;
import org.nxm.cli.prune.PretrainedModels;
import org.nxm.model.data.DataDir;
import org.nxm.model.transformer.MiniLm;
import org.nxm.model.transformer.SentenceEmbedder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nxm eval}: score the dense or a pruned encoder on real GLUE data. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate sentence embeddings of the dense model, or of pruned weights, on GLUE dev data:",
                "STS-B Spearman (cosine vs gold, points x100), SST-2 accuracy (logistic probe trained on 8,000",
                "seeded SST-2 train phrases), MRPC accuracy/F1 (10-fold seeded cross-validation on MRPC dev),",
                "and with --weights the mean cosine to the dense model's embeddings."},
        footer = {"", "Example:", "  nxm eval --task stsb",
                "  nxm eval --weights minilm-2of4-admm.safetensors --task all --json"})
public final class EvalCommand implements Callable<Integer> {
    /** The tasks of --task. */
    public enum Task { stsb, sst2, mrpc, all }

    @Spec CommandSpec spec;

    @Option(names = "--model", defaultValue = "minilm-l6", description = "model preset with pretrained weights (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--weights", description = "pruned weights (safetensors from nxm prune); default: the dense model")
    Path weights;

    @Option(names = "--task", defaultValue = "stsb", description = "stsb | sst2 | mrpc | all (default: ${DEFAULT-VALUE})")
    Task task;

    @Option(names = "--data", description = "evaluate this file (the task's GLUE TSV format) instead of its dev split; one task only")
    Path data;

    @Option(names = "--data-dir", description = "data directory holding glue/ (default: $NXM_DATA, else ../shared/data)")
    Path dataDir;

    @Option(names = "--json", description = "print JSON (stsb_spearman, sst2_accuracy, mrpc_accuracy, mrpc_f1, mean_cosine_to_dense)")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (data != null && task == Task.all) throw new Nxm.UserError("--data takes one task, not --task all");
        TaskEvaluator.Files files = files(task, data, dataDir);
        MiniLm lm = PretrainedModels.load(model);
        SentenceEmbedder dense = lm.embedder();
        Function<List<String>, float[][]> denseFn = dense::embed;
        EvalResult r;
        if (weights == null) {
            r = new TaskEvaluator(denseFn, null).evaluate(files);
        } else {
            SentenceEmbedder pruned = lm.embedder(PrunedWeightsFile.overlay(lm.weights(), weights));
            r = new TaskEvaluator(pruned::embed, denseFn).evaluate(files);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r.toJson()));
        } else {
            out.println("model: " + model + (weights == null ? " (dense)" : " + " + weights));
            for (Map.Entry<String, Object> e : r.toJson().entrySet()) {
                Object v = e.getValue();
                out.printf("  %-22s %s%n", e.getKey(), v instanceof Double d ? String.format("%.4f", d) : v);
            }
        }
        out.flush();
        return 0;
    }

    /** The files a task reads; {@code data} replaces the task's dev split. */
    public static TaskEvaluator.Files files(Task task, Path data, Path dataDir) {
        boolean stsb = task == Task.stsb || task == Task.all;
        boolean sst2 = task == Task.sst2 || task == Task.all;
        boolean mrpc = task == Task.mrpc || task == Task.all;
        return new TaskEvaluator.Files(
                stsb ? (data != null ? data : DataDir.file(dataDir, "glue/sts-b/dev.tsv")) : null,
                sst2 ? DataDir.file(dataDir, "glue/sst-2/train.tsv") : null,
                sst2 ? (data != null ? data : DataDir.file(dataDir, "glue/sst-2/dev.tsv")) : null,
                mrpc ? (data != null ? data : DataDir.file(dataDir, "glue/mrpc/dev.tsv")) : null);
    }
}
