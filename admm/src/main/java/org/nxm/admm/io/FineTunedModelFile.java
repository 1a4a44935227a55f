package org.nxm.admm.io;

import java.nio.file.Files;
import java.nio.file.Path;
import org.nxm.admm.finetune.FineTuning;
import org.nxm.admm.finetune.model.Param;
import org.nxm.admm.finetune.model.SequenceModel;
import org.nxm.admm.finetune.model.TaskHead;
import org.nxm.admm.finetune.task.GlueTask;
import org.nxm.model.io.InputException;
import org.nxm.model.io.safetensors.SafetensorsFile;
import org.nxm.model.tensor.Matrix;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.model.transformer.TransformerWeights;

/**
 * Loads a fine-tuned model (encoder file + its {@code .head.safetensors}) saved by {@code nxm finetune}:
 * the teacher of distillation, or the start of another fine-tuning run.
 */
public final class FineTunedModelFile {
    private FineTunedModelFile() {}

    public static SequenceModel load(Path encoderFile, TransformerWeights pretrained, GlueTask task) {
        TransformerConfig config = pretrained.config();
        Path headFile = FineTuning.headPath(encoderFile);
        if (!Files.exists(headFile)) throw new InputException(headFile + ": missing (the head saved beside " + encoderFile + ")");
        TransformerWeights w = encoder(encoderFile, pretrained);
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

    /**
     * The pretrained model with a file's tensors put in place: a full encoder saved by nxm finetune, or
     * the 36 Linear weights saved by nxm prune (names and shapes checked by the pruning module's overlay).
     */
    public static TransformerWeights encoder(Path file, TransformerWeights pretrained) {
        return PrunedWeightsFile.overlay(pretrained, file);
    }
}
