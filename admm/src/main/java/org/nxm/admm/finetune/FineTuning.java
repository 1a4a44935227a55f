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
import org.nxm.model.tensor.Matrix;
import org.nxm.model.tensor.Tensor;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.model.transformer.TransformerWeights;

/** One fine-tuning run of a method on a task, start to evaluated end, and saving its weights. */
public final class FineTuning {
    /** Training examples the activation metric of ADMM is measured on (as many as the pruners' calibration). */
    static final int METRIC_EXAMPLES = 256;

    private FineTuning() {}

    /** What one run produced. */
    public record Outcome(Method method, boolean kd, long seed, Evaluation.Scores scores, Trainer.Result training,
                          SequenceModel model) {
        public String label() { return method.cliName() + (kd ? "+kd" : ""); }
    }

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
     * Fine-tunes a copy of {@code pretrained} with a fresh head (seeded) on {@code data} and evaluates
     * it on the task's evaluation set. {@code teacherLogits} (one row per training example) enables
     * distillation with the options' α and temperature.
     */
    public static Outcome run(EncoderParams pretrained, GlueTask.Data data, Method method, FineTuneOptions o,
                              float[][] teacherLogits, Consumer<String> log) {
        TrainConfig cfg = teacherLogits == null ? o.train().withKd(0, 1) : o.train().withKd(o.kdAlpha(), o.kdTemperature());
        SequenceModel model = new SequenceModel(pretrained.copy(),
                TaskHead.random(pretrained.dims().hidden(), data.task().classes(), cfg.seed() * 7919 + 1));
        SparseTraining training = method.training(o.pattern(), o);
        if (training instanceof AdmmTraining admm && o.admm().activationMetric()) {
            admm.useMetric(ActivationMetric.measure(model, data.train(), METRIC_EXAMPLES, 32));
        }
        Trainer.Result r = new Trainer(cfg, log, Math.max(1, cfg.steps() / 20))
                .train(model, data.train(), training, teacherLogits);
        if (method != Method.DENSE) {
            for (Param w : model.encoder().linearWeights()) {
                if (!NmMasks.satisfies(w.value(), o.pattern())) throw new IllegalStateException(w.name() + " is not " + o.pattern());
            }
        }
        Evaluation.Scores s = Evaluation.classify(model, data.eval(), 64);
        return new Outcome(method, teacherLogits != null, cfg.seed(), s, r, model);
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
            meta.put("nxm.pruned", String.join(",", o.model().encoder().linearWeights().stream().map(Param::name).toList()));
        }
        meta.put("nxm.model", config.name());
        meta.put("nxm.finetune.task", task.cliName());
        meta.put("nxm.finetune.method", o.label());
        meta.put("nxm.finetune.seed", Long.toString(o.seed()));
        meta.put("nxm.finetune.steps", Integer.toString(o.training().steps()));
        meta.put("nxm.finetune.eval_accuracy", String.format("%.4f", o.scores().accuracy()));
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
