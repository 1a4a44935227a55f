package org.nxm.cli.prune;

import org.nxm.cli.JsonOutput;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nxm.admm.calibration.CalibrationSentences;
import org.nxm.admm.comparison.ComparisonRow;
import org.nxm.admm.comparison.MethodComparison;
import org.nxm.admm.eval.EvalResult;
import org.nxm.admm.eval.TaskEvaluator;
import org.nxm.admm.pruning.Pruner;
import org.nxm.admm.pruning.Pruners;
import org.nxm.cli.eval.EvalCommand;
import org.nxm.cli.model.ModelOptions;
import org.nxm.model.data.DataDir;
import org.nxm.model.io.AtomicOutput;
import org.nxm.model.sparsity.NmPattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nxm compare}: every pruning method on the same model, calibration and evaluation recipe, one table. The
 * experiment is {@link MethodComparison} (admm); this class reads the options and prints.
 */
@Command(name = "compare", header = "Prune with every method and evaluate each: one table.", mixinStandardHelpOptions = true,
        description = {"Prune with every method (same calibration set) and evaluate each with the same recipe as nxm eval:",
                "one table of method x STS-B Spearman, mean cosine to dense, held-out hidden-state error (heldout_hidden_error,",
                "as nxm eval), SST-2 accuracy, MRPC accuracy/F1, prune time."},
        footer = {"", "Example:", "  nxm compare --pattern 2:4 --csv compare-2of4.csv",
                "  nxm compare --pattern 2:4 --methods magnitude,admm --task stsb --json"})
public final class CompareCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin
    ModelOptions source;

    @Option(paramLabel = "N:M", names = "--pattern", defaultValue = "2:4", description = "N:M pattern (default: ${DEFAULT-VALUE})")
    String pattern;

    @Option(paramLabel = "METHOD,...", names = "--methods", split = ",", description = "methods to run (default: magnitude,wanda,sparsegpt,admm)")
    List<String> methods = new ArrayList<>(Pruners.NAMES);

    @Option(paramLabel = "SENTENCES", names = "--calib", defaultValue = "256", description = "calibration sentences from STS-B train (default: ${DEFAULT-VALUE})")
    int calib;

    @Option(paramLabel = "TASK", names = "--task", defaultValue = "all", description = "stsb | sst2 | mrpc | all (default: ${DEFAULT-VALUE})")
    EvalCommand.Task task;

    @Option(paramLabel = "DIR", names = "--data-dir", description = "data directory holding glue/ (default: $NXM_DATA, else ../shared/data)")
    Path dataDir;

    @Option(paramLabel = "DIR", names = "--save-dir", description = "also save each method's weights here as <method>.safetensors")
    Path saveDir;

    @Option(paramLabel = "FILE.csv", names = "--csv", description = "write the table as CSV to this file")
    Path csv;

    @Option(names = "--json", description = "print the table as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        NmPattern nm = NmPattern.parse(pattern);
        List<Pruner> pruners = new ArrayList<>();
        for (String m : methods) pruners.add(Pruners.create(m.trim()));
        TaskEvaluator.Data files = TaskEvaluator.read(EvalCommand.files(task, null, dataDir));
        MethodComparison comparison = new MethodComparison(source.load(), nm);
        CalibrationSentences.Split split = CalibrationSentences.split(DataDir.file(dataDir, "glue/sts-b/train.tsv"));
        List<ComparisonRow> rows = comparison.run(pruners, split.calibration(calib), split.heldout(), files, saveDir, line -> {
            err.println("nxm compare: " + line);
            err.flush();
        });
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (ComparisonRow r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("method", r.method());
                m.putAll(r.eval().toJson());
                if (r.heldoutHiddenError() != null) m.put("heldout_hidden_error", r.heldoutHiddenError());
                m.remove("seconds");
                m.put("eval_seconds", r.eval().seconds());
                m.put("prune_seconds", r.pruneSeconds());
                m.put("nm_violations", r.nmViolations());
                list.add(m);
            }
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("model", source.describe());
            root.put("pattern", nm.toString());
            root.put("calibration_sentences", calib);
            root.put("rows", list);
            out.println(JsonOutput.pretty(root));
        } else {
            out.print(table(rows, nm, calib));
        }
        if (csv != null) AtomicOutput.writeString(csv, csv(rows));
        out.flush();
        return 0;
    }

    static String fmt(Double v, String f) {
        return v == null ? "-" : String.format(Locale.ROOT, f, v);
    }

    static String table(List<ComparisonRow> rows, NmPattern nm, int calib) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "MiniLM-L6 %s, %d calibration sentences (STS-B train); heldout_err = final hidden-state%n"
                + "||h - h_dense||^2 / ||h_dense||^2 on the %d held-out STS-B train sentences (%d evenly spaced rows, never calibration)%n", nm, calib,
                2 * CalibrationSentences.HELDOUT_ROWS, CalibrationSentences.HELDOUT_ROWS));
        sb.append(String.format(Locale.ROOT, "%-10s %9s %9s %11s %9s %9s %9s %10s%n", "method", "STS-B", "cos_dense", "heldout_err",
                "SST-2", "MRPC_acc", "MRPC_F1", "prune_s"));
        for (ComparisonRow r : rows) {
            EvalResult e = r.eval();
            sb.append(String.format(Locale.ROOT, "%-10s %9s %9s %11s %9s %9s %9s %10s%n", r.method(), fmt(e.stsbSpearman(), "%.2f"),
                    fmt(e.meanCosineToDense(), "%.4f"), fmt(r.heldoutHiddenError(), "%.4f"),
                    fmt(e.sst2Accuracy() == null ? null : 100 * e.sst2Accuracy(), "%.2f"),
                    fmt(e.mrpcAccuracy() == null ? null : 100 * e.mrpcAccuracy(), "%.2f"),
                    fmt(e.mrpcF1() == null ? null : 100 * e.mrpcF1(), "%.2f"),
                    r.method().equals("dense") ? "-" : String.format(Locale.ROOT, "%.1f", r.pruneSeconds())));
        }
        return sb.toString();
    }

    static String csv(List<ComparisonRow> rows) {
        StringBuilder sb = new StringBuilder("method,stsb_spearman,mean_cosine_to_dense,heldout_hidden_error,sst2_accuracy,mrpc_accuracy,mrpc_f1,prune_seconds,nm_violations\n");
        for (ComparisonRow r : rows) {
            EvalResult e = r.eval();
            sb.append(String.join(",", r.method(), fmt(e.stsbSpearman(), "%.4f"), fmt(e.meanCosineToDense(), "%.6f"), fmt(r.heldoutHiddenError(), "%.6f"),
                    fmt(e.sst2Accuracy(), "%.6f"), fmt(e.mrpcAccuracy(), "%.6f"), fmt(e.mrpcF1(), "%.6f"),
                    String.format(Locale.ROOT, "%.2f", r.pruneSeconds()), Long.toString(r.nmViolations()))).append('\n');
        }
        return sb.toString();
    }
}
