package org.nxm.cli.finetune;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.nxm.admm.finetune.FineTuneOptions;
import org.nxm.admm.finetune.FineTuning;
import org.nxm.admm.finetune.Method;
import org.nxm.admm.finetune.model.EncoderParams;
import org.nxm.admm.finetune.task.GlueTask;
import org.nxm.cli.Nxm;
import org.nxm.cli.model.ModelOptions;
import org.nxm.model.transformer.EncoderModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nxm finetune-compare}: every method with the same seeds, data and step budget; a table of
 * per-seed results and mean ± standard deviation per method. admm+kd distils from the dense run of
 * the same seed.
 */
@Command(name = "finetune-compare", header = "Fine-tune with every method, same seed and budget: one table.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fine-tune all-MiniLM-L6-v2 on SST-2 or MRPC with every method (dense, asp, srste, admm, admm+kd) "
                + "under the same seeds and step budget; print per-seed results and mean ± sd (accuracy, MRPC F1, train time)."},
        footer = {"", "Example:", "  nxm finetune-compare --task sst2 --train-examples 1000 --epochs 1 --seeds 1,2,3 --json"})
public final class FinetuneCompareCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    TrainingOptions training = new TrainingOptions();

    @Mixin
    ModelOptions source;

    @Option(paramLabel = "METHOD,...", names = "--methods", defaultValue = "dense,asp,srste,admm,admm+kd", split = ",",
            description = "methods to run (default: ${DEFAULT-VALUE})")
    List<String> methods;

    @Option(paramLabel = "N,N,...", names = "--seeds", defaultValue = "1,2,3", split = ",", description = "training seeds (default: ${DEFAULT-VALUE})")
    List<Long> seeds;

    @Option(names = "--json", description = "print the results as JSON")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr(), out = spec.commandLine().getOut();
        GlueTask task = GlueTask.parse(training.task);
        List<String> labels = new ArrayList<>();
        for (String m : methods) {
            String base = m.endsWith("+kd") ? m.substring(0, m.length() - 3) : m;
            Method.parse(base);
            labels.add(m.toLowerCase());
        }
        if (seeds.isEmpty()) throw new Nxm.UserError("--seeds: expected at least one seed");
        training.options(1, 0); // validate every option before the model loads
        org.nxm.model.data.DataDir.resolve(training.dataDir);
        EncoderModel mini = source.load();
        GlueTask.Data data = task.load(training.dataDir, mini.tokenizer(), training.trainExamples);
        EncoderParams pretrained = FineTuning.params(mini.weights());
        boolean needTeacher = labels.stream().anyMatch(l -> l.endsWith("+kd"));
        List<FineTuning.Outcome> results = new ArrayList<>();
        FineTuneOptions first = training.options(data.train().size(), seeds.get(0));
        err.println("finetune-compare: " + data.description() + "; " + first.train().steps() + " steps of batch "
                + first.train().batchSize() + " per method, seeds " + seeds);
        for (long seed : seeds) {
            FineTuneOptions o = training.options(data.train().size(), seed);
            FineTuning.Outcome dense = null;
            if (labels.contains("dense") || needTeacher) {
                dense = FineTuning.run(pretrained, data, Method.DENSE, o, null, l -> FinetuneCommand.progress(err, "[seed " + seed + "] " + l));
                if (labels.contains("dense")) results.add(dense);
                done(err, dense, task);
            }
            float[][] teacher = needTeacher ? FineTuning.teacherLogits(dense.model(), data) : null;
            for (String label : labels) {
                if (label.equals("dense")) continue;
                boolean kd = label.endsWith("+kd");
                Method m = Method.parse(kd ? label.substring(0, label.length() - 3) : label);
                FineTuning.Outcome r = FineTuning.run(pretrained, data, m, o, kd ? teacher : null,
                        l -> FinetuneCommand.progress(err, "[seed " + seed + "] " + l));
                results.add(new FineTuning.Outcome(r.method(), r.kd(), r.seed(), r.scores(), r.training(), null));
                done(err, r, task);
            }
        }
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("task", task.cliName());
            doc.put("data", data.description());
            doc.put("pattern", first.pattern().toString());
            doc.put("steps", first.train().steps());
            doc.put("batch_size", first.train().batchSize());
            doc.put("seeds", seeds);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (FineTuning.Outcome r : results) rows.add(Report.row(r));
            doc.put("runs", rows);
            doc.put("summary", summary(labels, results));
            out.println(Report.json(doc));
        } else {
            out.println(Report.header(task));
            for (FineTuning.Outcome r : results) out.println(Report.line(r, task));
            out.println();
            out.printf("%-10s %16s %16s %12s%n", "method", "accuracy", task == GlueTask.MRPC ? "F1" : "", "train s");
            for (Map<String, Object> s : summary(labels, results)) {
                boolean spread = ((Number) s.get("runs")).longValue() > 1; // a standard deviation needs two runs
                out.printf("%-10s %16s %16s %12.1f%n", s.get("method"), meanSd(s.get("accuracy_mean"), s.get("accuracy_sd"), spread),
                        task == GlueTask.MRPC ? meanSd(s.get("f1_mean"), s.get("f1_sd"), spread) : "", s.get("train_seconds_mean"));
            }
        }
        out.flush();
        return 0;
    }

    private static String meanSd(Object mean, Object sd, boolean spread) {
        return spread ? String.format("%.2f ± %.2f", mean, sd) : String.format("%.2f", mean);
    }

    private static void done(PrintWriter err, FineTuning.Outcome r, GlueTask task) {
        err.println("finetune-compare: " + Report.line(r, task).trim().replaceAll(" +", " "));
        err.flush();
    }

    private static List<Map<String, Object>> summary(List<String> labels, List<FineTuning.Outcome> results) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String label : labels) {
            DescriptiveStatistics acc = new DescriptiveStatistics(), f1 = new DescriptiveStatistics(), secs = new DescriptiveStatistics();
            for (FineTuning.Outcome r : results) {
                if (!r.label().equals(label)) continue;
                acc.addValue(100 * r.scores().accuracy());
                f1.addValue(100 * r.scores().f1());
                secs.addValue(r.training().seconds());
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", label);
            m.put("runs", acc.getN());
            m.put("accuracy_mean", acc.getMean());
            m.put("accuracy_sd", acc.getN() > 1 ? acc.getStandardDeviation() : 0.0);
            m.put("f1_mean", f1.getMean());
            m.put("f1_sd", f1.getN() > 1 ? f1.getStandardDeviation() : 0.0);
            m.put("train_seconds_mean", secs.getMean());
            out.add(m);
        }
        return out;
    }
}
