package org.nxm.admm.finetune.experiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.nxm.admm.finetune.FineTuneOptions;
import org.nxm.admm.finetune.FineTuning;
import org.nxm.admm.finetune.Method;
import org.nxm.admm.finetune.model.EncoderParams;
import org.nxm.admm.finetune.task.GlueTask;
import org.nxm.admm.finetune.train.Evaluation;
import org.nxm.model.io.AtomicOutput;
import org.nxm.model.io.InputException;

/**
 * A comparison grid: every (seed, task, method) under the same settings, in that order (seed-major,
 * so each finished seed is a complete paired comparison). Several processes may work on one journal
 * at once: each claims a run before starting it and skips runs another live worker holds. With a {@link Journal}, finished runs are
 * skipped and each new one is appended as soon as it ends; the dense teacher's logits of each (task,
 * seed) are kept beside the journal for the {@code +kd} runs, so those need no retraining after a restart.
 */
public final class FinetuneGrid {
    /**
     * @param methods  method labels: dense, asp, srste, admm, lwadmm, lwsparsegpt, lwwanda, each optionally with {@code +kd}
     * @param settings a description of every setting shared by the runs (the run key digests it)
     */
    public record Spec(List<GlueTask> tasks, List<String> methods, List<Long> seeds, String settings) {
        public Spec {
            if (tasks.isEmpty() || methods.isEmpty() || seeds.isEmpty()) throw new InputException("the grid needs at least one task, method and seed");
            for (String m : methods) Method.parse(baseMethod(m));
        }
    }

    /**
     * What the grid needs from its caller: data per task, the options per (task's training size, seed), the
     * pretrained model and, per layer-wise method in the grid (lwadmm, lwsparsegpt, ...), the pruned weights it starts from.
     */
    public record Inputs(Function<GlueTask, GlueTask.Data> data, BiFunction<Integer, Long, FineTuneOptions> options,
                         EncoderParams pretrained, Map<Method, EncoderParams> layerwise) {
        public Inputs {
            layerwise = Map.copyOf(layerwise);
        }
    }

    private final Spec spec;
    private final Inputs in;
    private final Journal journal;
    private final Consumer<String> log;

    public FinetuneGrid(Spec spec, Inputs inputs, Journal journal, Consumer<String> log) {
        this.spec = spec;
        this.in = inputs;
        this.journal = journal;
        this.log = log;
        requireStarts(spec.methods(), inputs.layerwise().keySet());
    }

    /** Every layer-wise method among {@code labels} has its start weights in {@code starts}; else a one-line input error. */
    public static void requireStarts(List<String> labels, Set<Method> starts) {
        for (String label : labels) {
            Method m = Method.parse(baseMethod(label));
            if (m.layerwisePruner() != null && !starts.contains(m)) {
                throw new InputException("method " + m.cliName() + " needs --layerwise-init FILE (weights from 'nxm prune --method "
                        + m.layerwisePruner() + "'; its run keys digest that file)");
            }
        }
    }

    /** The method of a label: {@code admm+kd} → {@code admm}. */
    public static String baseMethod(String label) {
        return label.endsWith("+kd") ? label.substring(0, label.length() - 3) : label;
    }

    /** The run's journal key: task, method, seed and a digest of the settings that method reads ({@link RunKey}). */
    public static String key(GlueTask task, String method, long seed, String settings) {
        return RunKey.of(task, method, seed, settings);
    }

    /**
     * Rewrites the journal's keys with the current key rule, from each run's stored task, method, seed
     * and settings line (the key rule changed: it now digests only the settings the method reads), and
     * renames the dense runs' teacher-logits files to match. Returns old key → new key ({@code null}:
     * a duplicate of an earlier run, dropped).
     */
    public static Map<String, String> rekey(Journal journal) {
        Map<String, String> changes = journal.rekey(r -> {
            for (String f : List.of("task", "method", "seed", "settings")) {
                if (!r.hasNonNull(f)) throw new InputException(journal.dir().resolve(Journal.FILE) + ": run " + r.get(Journal.KEY).asText() + " has no \"" + f + "\" field");
            }
            return key(GlueTask.parse(r.get("task").asText()), r.get("method").asText(), r.get("seed").asLong(), r.get("settings").asText());
        });
        Path teachers = journal.dir().resolve("teachers");
        changes.forEach((old, now) -> {
            if (now == null || old.equals(now)) return;
            Path from = teachers.resolve(old.replace('/', '-') + ".f32");
            if (!Files.exists(from)) return;
            try {
                Files.move(from, teachers.resolve(now.replace('/', '-') + ".f32"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(from + ": cannot rename the teacher logits (" + e.getMessage() + ")", e);
            }
        });
        return changes;
    }

    /** Runs every missing run; returns the records of all runs of this grid (journaled ones included), in grid order. */
    public List<ObjectNode> run() {
        List<ObjectNode> out = new ArrayList<>();
        Map<GlueTask, GlueTask.Data> loaded = new LinkedHashMap<>();
        int total = spec.tasks().size() * spec.methods().size() * spec.seeds().size(), index = 0;
        for (long seed : spec.seeds()) {
            for (GlueTask task : spec.tasks()) {
                float[][] teacher = null;
                for (String label : spec.methods()) {
                    int at = ++index;
                    String key = key(task, label, seed, spec.settings());
                    ObjectNode done = journal == null ? null : journal.find(key);
                    if (done != null) {
                        log.accept(String.format("[%d/%d] %s: in the journal, skipped", at, total, key));
                        out.add(done);
                        continue;
                    }
                    if (journal != null && !journal.claim(key)) {
                        log.accept(String.format("[%d/%d] %s: another worker is running it, skipped", at, total, key));
                        continue;
                    }
                    GlueTask.Data data = loaded.computeIfAbsent(task, in.data());
                    FineTuneOptions o = in.options().apply(data.train().size(), seed);
                    boolean kd = label.endsWith("+kd");
                    Method method = Method.parse(baseMethod(label));
                    Consumer<String> runLog = l -> log.accept("[" + at + "/" + total + " " + task.cliName() + " " + label + " seed " + seed + "] " + l);
                    FineTuning.Outcome r;
                    try {
                        if (kd && teacher == null) teacher = teacher(task, seed, data, o, runLog);
                        EncoderParams start = method.layerwisePruner() != null ? in.layerwise().get(method) : in.pretrained();
                        r = FineTuning.run(start, in.pretrained(), data, method, o, kd ? teacher : null, runLog);
                    } catch (RuntimeException e) {
                        if (journal != null) journal.release(key);
                        throw e;
                    }
                    if (method == Method.DENSE && !kd && journal != null) saveTeacher(task, seed, FineTuning.teacherLogits(r.model(), data));
                    ObjectNode rec = RunRecord.of(key, task, data, o, spec.settings(), r);
                    if (journal != null) {
                        journal.append(rec);
                        journal.release(key);
                    }
                    log.accept(String.format("[%d/%d] %s: %s %.2f (%.0f s)", at, total, key, task.metricName(),
                            task.score(r.scores()), r.training().seconds()));
                    out.add(rec);
                }
            }
        }
        return out;
    }

    /** The dense fine-tuned model's outputs on the training examples: from beside the journal, or trained now. */
    private float[][] teacher(GlueTask task, long seed, GlueTask.Data data, FineTuneOptions o, Consumer<String> log) {
        Path file = teacherFile(task, seed);
        if (file != null && Files.exists(file)) {
            float[][] t = readTeacher(file);
            if (t.length == data.train().size()) return t;
        }
        log.accept("training the dense teacher (same seed and budget) for distillation");
        FineTuning.Outcome dense = FineTuning.run(in.pretrained(), data, Method.DENSE, o, null, log);
        float[][] t = FineTuning.teacherLogits(dense.model(), data);
        if (file != null) saveTeacher(task, seed, t);
        return t;
    }

    private Path teacherFile(GlueTask task, long seed) {
        if (journal == null) return null;
        return journal.dir().resolve("teachers").resolve(key(task, "dense", seed, spec.settings()).replace('/', '-') + ".f32");
    }

    private void saveTeacher(GlueTask task, long seed, float[][] logits) {
        AtomicOutput.write(teacherFile(task, seed), os -> {
            DataOutputStream out = new DataOutputStream(os);
            out.writeInt(logits.length);
            out.writeInt(logits[0].length);
            for (float[] row : logits) for (float v : row) out.writeFloat(v);
            out.flush();
        });
    }

    private static float[][] readTeacher(Path file) {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            int rows = in.readInt(), cols = in.readInt();
            if (rows < 1 || cols < 1 || (long) rows * cols * 4 + 8 != Files.size(file)) throw new InputException(file + ": not a teacher-logits file");
            float[][] t = new float[rows][cols];
            for (float[] row : t) for (int j = 0; j < cols; j++) row[j] = in.readFloat();
            return t;
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** One finished run as a journal record (also what {@code nxm finetune --json} prints). */
    public static final class RunRecord {
        private RunRecord() {}

        public static ObjectNode of(String key, GlueTask task, GlueTask.Data data, FineTuneOptions o, String settings, FineTuning.Outcome r) {
            ObjectNode n = Journal.json().createObjectNode();
            n.put(Journal.KEY, key);
            n.put("task", task.cliName());
            n.put("method", r.label());
            n.put("seed", r.seed());
            n.put("finished", Instant.now().toString());
            n.put("settings", settings);
            n.put("layers", o.layers().cliName());
            n.put("pattern", o.pattern().toString());
            n.put("train_examples", data.train().size());
            n.put("heldout_examples", data.heldout().size());
            n.put("eval_examples", data.eval().size());
            n.put("steps", r.training().steps());
            n.put("batch_size", o.train().batchSize());
            n.put("metric", task.metricName());
            n.put("score", task.score(r.scores()));
            scores(n.putObject("eval"), r.scores());
            if (r.heldout() != null) {
                n.put("heldout_score", task.score(r.heldout()));
                scores(n.putObject("heldout"), r.heldout());
            }
            n.put("train_seconds", r.training().seconds());
            n.put("median_step_seconds", r.training().medianStepSeconds());
            n.put("train_tokens", r.training().tokens());
            n.put("final_train_loss", r.training().finalLoss());
            ArrayNode curve = n.putArray("loss_curve");
            for (double[] p : r.training().lossCurve()) curve.addArray().add((int) p[0]).add(p[1]);
            ObjectNode diff = n.putObject("decision_difference");
            r.analysis().decisionDifference().forEach(diff::put);
            ArrayNode hist = n.putArray("admm_history");
            for (double[] h : r.analysis().admmHistory()) hist.addArray().add(h[0]).add(h[1]).add(h[2]);
            return n;
        }

        private static void scores(ObjectNode n, Evaluation.Scores s) {
            n.put("examples", s.examples());
            put(n, "accuracy", 100 * s.accuracy());
            put(n, "f1", 100 * s.f1());
            put(n, "mcc", 100 * s.mcc());
            put(n, "pearson", 100 * s.pearson());
            put(n, "spearman", 100 * s.spearman());
            put(n, "mse", s.mse());
        }

        private static void put(ObjectNode n, String name, double v) {
            if (!Double.isNaN(v)) n.put(name, v);
        }
    }
}
