package org.nxm.admm.finetune;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.nxm.admm.finetune.model.EncoderDims;
import org.nxm.admm.finetune.model.EncoderParams;
import org.nxm.admm.finetune.model.Param;
import org.nxm.admm.finetune.model.SequenceModel;
import org.nxm.admm.finetune.model.TaskHead;
import org.nxm.admm.finetune.sparse.ActivationMetric;
import org.nxm.admm.finetune.sparse.AdmmTraining;
import org.nxm.admm.finetune.sparse.NmMasks;
import org.nxm.admm.finetune.sparse.SparseTraining;
import org.nxm.admm.finetune.task.GlueTask;
import org.nxm.admm.finetune.train.Evaluation;
import org.nxm.admm.finetune.train.TrainConfig;
import org.nxm.admm.finetune.train.Trainer;
import org.nxm.model.io.safetensors.SafeTensor;
import org.nxm.model.io.safetensors.SafetensorsWriter;
import org.nxm.model.numeric.DType;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;
import org.nxm.model.tensor.Tensor;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.model.transformer.TransformerWeights;

/** One fine-tuning run of a method on a task, start to evaluated end, and saving its weights. */
public final class FineTuning {
    /** Training examples the activation metric of ADMM is measured on (as many as the pruners' calibration). */
    static final int METRIC_EXAMPLES = 256;

    private FineTuning() {}

    public static EncoderDims dims(TransformerConfig c) {
        return new EncoderDims(c.layers(), c.hidden(), c.heads(), c.intermediate(), c.vocabSize(), c.maxPositions(),
                c.typeVocabSize(), c.layerNormEps());
    }

    public static EncoderParams params(TransformerWeights w) {
        Map<String, Matrix> m = new LinkedHashMap<>();
        w.tensors().forEach((name, t) -> m.put(name, t.asMatrix()));
        return EncoderParams.fromTensors(dims(w.config()), m);
    }

    /** Encoder tensors back in the model module's form (vectors 1-D), for evaluation, compile and save. */
    public static TransformerWeights weights(TransformerConfig config, EncoderParams p) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        Map<String, int[]> shapes = config.tensorShapes();
        for (Param q : p.all()) t.put(q.name(), new Tensor(shapes.get(q.name()), q.value().data().clone()));
        return new TransformerWeights(config, t, "fine-tuned " + config.name());
    }

    /**
     * What one run produced: dev (or --eval-data) scores, held-out scores (null when nothing was held
     * out), the training record, the model, and how its N:M decisions differ from magnitude's.
     */
    public record Outcome(Method method, boolean kd, long seed, Evaluation.Scores scores, Evaluation.Scores heldout,
                          Trainer.Result training, SequenceModel model, MaskAnalysis analysis) {
        public String label() { return method.cliName() + (kd ? "+kd" : ""); }
    }

    /**
     * Per sparsified Linear, the fraction of its weights whose keep/prune decision differs from the
     * magnitude mask of the pretrained weights (ASP's decision); and ADMM's per-Z-step history (ρ,
     * primal residual, support change), empty for other methods.
     */
    public record MaskAnalysis(Map<String, Double> decisionDifference, List<double[]> admmHistory) {
        static MaskAnalysis none() { return new MaskAnalysis(Map.of(), List.of()); }
    }

    public static Outcome run(EncoderParams pretrained, GlueTask.Data data, Method method, FineTuneOptions o,
                              float[][] teacherLogits, Consumer<String> log) {
        return run(pretrained, pretrained, data, method, o, teacherLogits, log);
    }

    /**
     * Fine-tunes a copy of {@code start} with a fresh head (seeded) on {@code data} and evaluates it on
     * the task's evaluation set (and the held-out set, if any). {@code pretrained} is the dense model
     * whose magnitude mask the analysis compares with (the same as {@code start} except for lwadmm).
     * {@code teacherLogits} (one row per training example) enables distillation with the options' α and
     * temperature.
     */
    public static Outcome run(EncoderParams start, EncoderParams pretrained, GlueTask.Data data, Method method,
                              FineTuneOptions o, float[][] teacherLogits, Consumer<String> log) {
        TrainConfig cfg = teacherLogits == null ? o.train().withKd(0, 1) : o.train().withKd(o.kdAlpha(), o.kdTemperature());
        SequenceModel model = new SequenceModel(start.copy(),
                TaskHead.random(start.dims().hidden(), data.task().classes(), cfg.seed() * 7919 + 1));
        SparseTraining training = method.training(o.pattern(), o);
        List<Param> sparse = o.layers().select(model.encoder().linearWeights());
        if (training instanceof AdmmTraining admm && o.admm().activationMetric()) {
            List<float[]> all = ActivationMetric.measure(model, data.train(), METRIC_EXAMPLES, 32);
            List<float[]> selected = new ArrayList<>();
            List<Param> linears = model.encoder().linearWeights();
            for (int i = 0; i < linears.size(); i++) if (o.layers().includes(linears.get(i).name())) selected.add(all.get(i));
            admm.useMetric(selected);
        }
        Trainer.Result r = new Trainer(cfg, log, Math.max(1, cfg.steps() / 20))
                .train(model, data.train(), training, teacherLogits, sparse);
        MaskAnalysis analysis = MaskAnalysis.none();
        if (method != Method.DENSE) {
            for (Param w : sparse) {
                if (!NmMasks.satisfies(w.value(), o.pattern())) throw new IllegalStateException(w.name() + " is not " + o.pattern());
            }
            analysis = new MaskAnalysis(decisionDifference(sparse, pretrained, o.pattern()),
                    training instanceof AdmmTraining admm ? admm.history() : List.of());
        }
        Evaluation.Scores s = Evaluation.evaluate(model, data.eval(), 64);
        Evaluation.Scores h = data.heldout().isEmpty() ? null : Evaluation.evaluate(model, data.heldout(), 64);
        return new Outcome(method, teacherLogits != null, cfg.seed(), s, h, r, model, analysis);
    }

    /** Per weight: the fraction of positions kept by one of (final support, magnitude mask of the pretrained weight) only. */
    static Map<String, Double> decisionDifference(List<Param> sparse, EncoderParams pretrained, NmPattern pattern) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Param w : sparse) {
            float[] magnitude = NmMasks.magnitude(pretrained.get(w.name()).value(), pattern);
            float[] v = w.value().data();
            long differ = 0;
            for (int j = 0; j < v.length; j++) if ((v[j] != 0f) != (magnitude[j] != 0f)) differ++;
            out.put(w.name(), (double) differ / v.length);
        }
        return out;
    }

    /** The teacher's logits on every training example (for distillation). */
    public static float[][] teacherLogits(SequenceModel teacher, GlueTask.Data data) {
        return Evaluation.outputs(teacher, data.train(), 64);
    }

    /**
     * Saves the encoder under Hugging Face names (float32) with {@code nxm.pattern} and run details in
     * {@code __metadata__}; the task head goes to a sibling {@code <name>.head.safetensors} so the main
     * file holds exactly the encoder's tensors.
     */
    public static void save(Path out, Outcome o, TransformerConfig config, GlueTask task, String pattern) {
        TransformerWeights w = weights(config, o.model().encoder());
        List<SafeTensor> tensors = new ArrayList<>();
        w.tensors().forEach((name, t) -> tensors.add(SafeTensor.ofFloats(name, t.shape(), t.data(), DType.F32)));
        Map<String, String> meta = new LinkedHashMap<>();
        if (o.method() != Method.DENSE) {
            meta.put("nxm.pattern", pattern);
            // The N:M tensors, comma-separated, as nxm prune writes them (nxm encode/verify read this key).
            meta.put("nxm.pruned", String.join(",", o.analysis().decisionDifference().keySet()));
        }
        meta.put("nxm.model", config.name());
        meta.put("nxm.finetune.task", task.cliName());
        meta.put("nxm.finetune.method", o.label());
        meta.put("nxm.finetune.seed", Long.toString(o.seed()));
        meta.put("nxm.finetune.steps", Integer.toString(o.training().steps()));
        meta.put("nxm.finetune.eval_score", String.format("%.4f", task.score(o.scores())));
        SafetensorsWriter.write(out, tensors, meta);
        Matrix hw = o.model().head().weight().value(), hb = o.model().head().bias().value();
        SafetensorsWriter.write(headPath(out), List.of(SafeTensor.of("classifier.weight", hw, DType.F32),
                SafeTensor.ofFloats("classifier.bias", new int[] {hb.cols()}, hb.data(), DType.F32)), meta);
    }

    public static Path headPath(Path out) {
        String name = out.getFileName().toString();
        String stem = name.endsWith(".safetensors") ? name.substring(0, name.length() - ".safetensors".length()) : name;
        return out.resolveSibling(stem + ".head.safetensors");
    }
}
