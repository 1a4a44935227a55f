package org.nxm.cli.finetune;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nxm.admm.finetune.FineTuning;
import org.nxm.admm.finetune.model.Param;
import org.nxm.admm.finetune.model.SequenceModel;
import org.nxm.admm.finetune.model.TaskHead;
import org.nxm.admm.finetune.task.GlueTask;
import org.nxm.model.io.InputException;
import org.nxm.model.io.safetensors.SafetensorsFile;
import org.nxm.model.tensor.Matrix;
import org.nxm.model.tensor.Tensor;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.model.transformer.TransformerWeights;

/** Loads a fine-tuned model (encoder file + its {@code .head.safetensors}) saved by {@code nxm finetune}. */
final class TeacherFile {
    private TeacherFile() {}

    static SequenceModel load(Path encoderFile, TransformerConfig config, GlueTask task) {
        Path headFile = FineTuning.headPath(encoderFile);
        if (!Files.exists(headFile)) throw new InputException(headFile + ": missing (the head saved beside " + encoderFile + ")");
        TransformerWeights w = encoder(encoderFile, config);
        SafetensorsFile head = SafetensorsFile.open(headFile);
        Matrix hw = head.matrix("classifier.weight"), hb = head.matrix("classifier.bias");
        if (hw.rows() != task.classes() || hw.cols() != config.hidden()) {
            throw new InputException(headFile + ": classifier.weight [" + hw.rows() + ", " + hw.cols() + "], expected ["
                    + task.classes() + ", " + config.hidden() + "]");
        }
        TaskHead th = new TaskHead(new Param("classifier.weight", hw.copy(), true),
                new Param("classifier.bias", new Matrix(1, hb.data().length, hb.data().clone()), false));
        return new SequenceModel(FineTuning.params(w), th);
    }

    /** Encoder weights from a safetensors file under Hugging Face names (shapes checked against the config). */
    static TransformerWeights encoder(Path file, TransformerConfig config) {
        SafetensorsFile enc = SafetensorsFile.open(file);
        Map<String, int[]> shapes = config.tensorShapes();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (String name : enc.names()) {
            Matrix m = enc.matrix(name);
            int[] shape = shapes.get(name);
            if (shape != null && java.util.Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b) != m.data().length) {
                throw new InputException(file + ": tensor " + name + " has " + m.data().length + " values, expected shape "
                        + java.util.Arrays.toString(shape));
            }
            tensors.put(name, new Tensor(shape != null ? shape : new int[] {m.rows(), m.cols()}, m.data()));
        }
        return new TransformerWeights(config, tensors, file.toString());
    }
}
