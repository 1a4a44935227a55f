package org.nxm.cli.finetune;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nxm.admm.finetune.FineTuning;
import org.nxm.admm.finetune.Method;
import org.nxm.admm.finetune.experiment.FinetuneGrid;
import org.nxm.admm.finetune.experiment.GlueTable;
import org.nxm.admm.finetune.experiment.Journal;
import org.nxm.admm.finetune.experiment.LossCurvesSvg;
import org.nxm.admm.finetune.experiment.RunKey;
import org.nxm.admm.finetune.model.EncoderParams;
import org.nxm.admm.finetune.task.GlueTask;
import org.nxm.admm.io.FineTunedModelFile;
import org.nxm.admm.io.PrunedWeightsFile;
import org.nxm.cli.Nxm;
import org.nxm.cli.model.ModelOptions;
import org.nxm.model.io.safetensors.SafetensorsFile;
import org.nxm.model.transformer.EncoderModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nxm finetune-compare}: every method on every task with the same seeds, data, step budget and
 * schedule (the loop is {@link FinetuneGrid}); with {@code --journal} each finished run is kept and a
 * restart skips it. Prints the GLUE-style table (per task mean ± sd over seeds, average, paired test
 * against ASP).
 */
@Command(name = "finetune-compare", header = "Fine-tune every method on GLUE tasks, same seeds and budget: journal and table.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fine-tune all-MiniLM-L6-v2 on each task with every method (dense, asp, srste, admm, admm+kd, lwadmm, lwsparsegpt, lwwanda) "
                + "under the same seeds, batches, step budget and schedule; runs go seed by seed, then task, then method. "
                + "With --journal DIR each finished run is appended to DIR/runs.jsonl (atomically) and skipped when the "
                + "command is run again with the same settings, so an interrupted grid completes after a restart.",
                "Prints per-run lines, then a GLUE-style table: per task the score (GLUE's metric x100) as mean ± sd over seeds, "
                + "the average over tasks, and each method against ASP paired over (task, seed): mean difference, sign test, Wilcoxon."},
        footer = {"", "Examples:", "  nxm finetune-compare --tasks rte,mrpc --methods dense,asp,admm --seeds 1,2,3,4,5 --epochs 3 --journal results/grid",
                "  nxm finetune-compare --tasks rte,mrpc,stsb,cola --seeds 1,2,3 --epochs 3 --journal results/grid --table-only --json",
                "  nxm finetune-compare --tasks rte,mrpc --seeds 1,2,3,4,5 --epochs 3 --epochs-for rte=10 --journal results/grid",
                "  nxm prune --method sparsegpt --out sparsegpt.safetensors",
                "  nxm finetune-compare --tasks stsb --methods asp,lwsparsegpt --layerwise-init sparsegpt.safetensors --seeds 1,2,3 --journal results/grid"})
public final class FinetuneCompareCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    TrainingOptions training = new TrainingOptions();

    @Mixin
    ModelOptions source;

    @Option(paramLabel = "TASK,...", names = "--tasks", split = ",", description = "tasks: rte, mrpc, cola, stsb, sst2 (or one --task)")
    List<String> tasks;

    @Option(paramLabel = "METHOD,...", names = "--methods", defaultValue = "dense,asp,srste,admm,admm+kd", split = ",",
            description = "methods to run: dense, asp, srste, admm, lwadmm, lwsparsegpt, lwwanda, each optionally +kd (default: ${DEFAULT-VALUE})")
    List<String> methods;

    @Option(paramLabel = "N,N,...", names = "--seeds", defaultValue = "1,2,3", split = ",", description = "training seeds (default: ${DEFAULT-VALUE})")
    List<Long> seeds;

    @Option(paramLabel = "DIR", names = "--journal", description = "keep finished runs in DIR/runs.jsonl and skip them when restarted")
    Path journalDir;

    @Option(names = "--table-only", description = "train nothing: the table from the journal's runs of this grid")
    boolean tableOnly;

    @Option(names = "--rekey", description = "train nothing: rewrite the journal's run keys with the current key rule "
            + "(from each run's stored task, method, seed and settings) and rename the teacher files to match")
    boolean rekey;

    @Option(paramLabel = "FILE", names = "--layerwise-init", description = "weights from 'nxm prune --method admm|sparsegpt|wanda' "
            + "for lwadmm, lwsparsegpt or lwwanda (the file's nxm.method says which; repeat for several), also with --table-only: "
            + "those runs' keys digest the file's content, so another file is another run")
    List<Path> layerwiseInit = new ArrayList<>();

    @Option(paramLabel = "METHOD", names = "--baseline", defaultValue = "asp", description = "the paired tests' baseline (default: ${DEFAULT-VALUE})")
    String baseline;

    @Option(paramLabel = "FILE.svg", names = "--loss-svg", description = "write the runs' training-loss curves (a panel per task, lowest seed) as SVG")
    Path lossSvg;

    @Option(paramLabel = "TASK=N", names = "--epochs-for", split = ",",
            description = "epochs for this task instead of --epochs (e.g. rte=10: the issue allows RTE more epochs if dense needs them); "
                    + "those runs get keys of their own")
    Map<String, Integer> epochsFor = new LinkedHashMap<>();

    @Option(names = "--json", description = "print the runs and the summary as JSON")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr(), out = spec.commandLine().getOut();
        if (rekey) {
            if (journalDir == null) throw new Nxm.UserError("--rekey needs --journal DIR");
            int changed = 0, dropped = 0, total = 0;
            for (Map.Entry<String, String> e : FinetuneGrid.rekey(Journal.open(journalDir)).entrySet()) {
                total++;
                if (e.getValue() == null) {
                    dropped++;
                    out.println(e.getKey() + " -> dropped (the same run as an earlier one)");
                } else if (!e.getValue().equals(e.getKey())) {
                    changed++;
                    out.println(e.getKey() + " -> " + e.getValue());
                }
            }
            out.printf("%s: %d runs, %d keys changed, %d duplicates dropped%n", journalDir.resolve(Journal.FILE), total, changed, dropped);
            out.flush();
            return 0;
        }
        List<GlueTask> taskList = new ArrayList<>();
        if (tasks != null) for (String t : tasks) taskList.add(GlueTask.parse(t.trim()));
        else if (training.task != null) taskList.add(GlueTask.parse(training.task));
        else throw new Nxm.UserError("--tasks: expected one or more of rte, mrpc, cola, stsb, sst2");
        if (tasks != null && training.task != null) throw new Nxm.UserError("give --tasks or --task, not both");
        List<String> labels = methods.stream().map(m -> m.trim().toLowerCase()).toList();
        if (seeds.isEmpty()) throw new Nxm.UserError("--seeds: expected at least one seed");
        if (tableOnly && journalDir == null) throw new Nxm.UserError("--table-only needs --journal DIR");
        Map<GlueTask, Integer> epochsOf = epochsOverrides(taskList);
        training.options(1, 0); // validate every option before the model loads
        Journal journal = journalDir == null ? null : Journal.open(journalDir);
        List<ObjectNode> runs = new ArrayList<>();
        Map<Method, Path> starts = layerwiseStarts();
        FinetuneGrid.requireStarts(labels, starts.keySet());
        // A layer-wise method's runs depend on the file they start from: its digest is one of their settings (read by that method only).
        StringBuilder tokens = new StringBuilder();
        starts.forEach((m, file) -> tokens.append(' ').append(RunKey.layerwiseToken(m)).append('=').append(RunKey.fileDigest(file)));
        String initToken = tokens.toString();
        if (tableOnly) {
            for (long seed : seeds) for (GlueTask t : taskList) for (String m : labels) {
                String key = FinetuneGrid.key(t, m, seed, training.settings(epochsOf.get(t)) + initToken);
                ObjectNode r = journal.find(key);
                if (r != null) runs.add(r);
            }
        } else {
            org.nxm.model.data.DataDir.resolve(training.dataDir);
            for (GlueTask t : taskList) t.validate(training.dataDir, training.evalData);
            EncoderModel mini = source.load();
            EncoderParams pretrained = FineTuning.params(mini.weights());
            Map<Method, EncoderParams> layerwise = new EnumMap<>(Method.class);
            starts.forEach((m, file) -> layerwise.put(m, FineTuning.params(FineTunedModelFile.encoder(file, mini.weights()))));
            // Tasks with the same epochs form one grid (seed-major inside it); a task given its own epochs, another.
            // (A null key: the tasks that keep --epochs.)
            Map<Integer, List<GlueTask>> groups = new LinkedHashMap<>();
            for (GlueTask t : taskList) groups.computeIfAbsent(epochsOf.get(t), k -> new ArrayList<>()).add(t);
            for (Map.Entry<Integer, List<GlueTask>> g : groups.entrySet()) {
                Integer epochs = g.getKey();
                FinetuneGrid.Spec grid = new FinetuneGrid.Spec(g.getValue(), labels, seeds, training.settings(epochs) + initToken);
                FinetuneGrid.Inputs inputs = new FinetuneGrid.Inputs(t -> {
                    GlueTask.Data d = training.load(t, mini.tokenizer());
                    FinetuneCommand.progress(err, "finetune-compare: " + d.description());
                    return d;
                }, (size, seed) -> training.options(size, seed, epochs), pretrained, layerwise);
                runs.addAll(new FinetuneGrid(grid, inputs, journal, l -> FinetuneCommand.progress(err, l)).run());
            }
        }
        GlueTable table = new GlueTable(runs);
        if (lossSvg != null) org.nxm.model.io.AtomicOutput.writeString(lossSvg, LossCurvesSvg.render(runs));
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("settings", training.settings() + initToken);
            Map<String, Integer> perTask = new LinkedHashMap<>();
            epochsOf.forEach((t, e) -> perTask.put(t.cliName(), e));
            doc.put("epochs_for", perTask);
            doc.put("journal", journalDir == null ? null : journalDir.resolve(Journal.FILE).toString());
            doc.put("runs", runs);
            doc.put("summary", table.toMap(baseline));
            out.println(Report.json(doc));
        } else {
            out.println(Report.header());
            for (ObjectNode r : runs) out.println(Report.line(r));
            out.println();
            out.println("GLUE score x100 (" + String.join(", ", taskList.stream().map(t -> t.cliName() + ": " + t.metricName()).toList())
                    + "), mean ± sd (seeds) on " + (training.evalData == null ? "dev.tsv" : training.evalData));
            table.render(baseline).forEach(out::println);
        }
        out.flush();
        return 0;
    }

    /** Each --layerwise-init file under the layer-wise method that starts from it (by its nxm.method), in method order. */
    private Map<Method, Path> layerwiseStarts() {
        Map<Method, Path> out = new EnumMap<>(Method.class);
        for (Path file : layerwiseInit) {
            String pruner = SafetensorsFile.open(file).metadata().get(PrunedWeightsFile.METHOD);
            Method m = pruner == null ? null : Method.startingFrom(pruner);
            if (m == null) {
                throw new Nxm.UserError("--layerwise-init " + file + ": __metadata__." + PrunedWeightsFile.METHOD + " is "
                        + (pruner == null ? "missing" : "'" + pruner + "'") + ", expected admm, sparsegpt or wanda (a file from 'nxm prune')");
            }
            Path before = out.put(m, file);
            if (before != null) throw new Nxm.UserError("--layerwise-init " + file + ": a second " + pruner + " file (the first: " + before + ")");
        }
        return out;
    }

    /** --epochs-for as task → epochs, each task one of --tasks and each count positive; an error with --steps. */
    private Map<GlueTask, Integer> epochsOverrides(List<GlueTask> taskList) {
        Map<GlueTask, Integer> out = new LinkedHashMap<>();
        if (!epochsFor.isEmpty() && training.steps != null) throw new Nxm.UserError("--epochs-for: give --epochs, not --steps, with it");
        for (Map.Entry<String, Integer> e : epochsFor.entrySet()) {
            GlueTask t = GlueTask.parse(e.getKey().trim());
            if (!taskList.contains(t)) throw new Nxm.UserError("--epochs-for " + e.getKey() + "=" + e.getValue() + ": task not in --tasks");
            if (e.getValue() == null || e.getValue() < 1) throw new Nxm.UserError("--epochs-for " + e.getKey() + "=" + e.getValue() + ": expected a positive number of epochs");
            out.put(t, e.getValue());
        }
        return out;
    }
}
