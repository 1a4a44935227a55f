package org.nxm.admm.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nxm.admm.calibration.PrunedModel;
import org.nxm.admm.pruning.LayerReport;
import org.nxm.model.io.InputException;
import org.nxm.model.io.hf.CheckpointTensors;
import org.nxm.model.io.safetensors.SafeTensor;
import org.nxm.model.io.safetensors.SafetensorsFile;
import org.nxm.model.io.safetensors.SafetensorsWriter;
import org.nxm.model.numeric.DType;
import org.nxm.model.tensor.Matrix;
import org.nxm.model.tensor.Tensor;
import org.nxm.model.transformer.CheckpointLayout;
import org.nxm.model.transformer.LinearSpec;
import org.nxm.model.transformer.TransformerWeights;

/**
 * Pruned weights as safetensors: exactly the pruned Linear weights, float32 {@code [out, in]} under
 * their Hugging Face names ({@code encoder.layer.0.attention.self.query.weight}, ...), so every tensor
 * in the file is N:M along its last axis. Everything else (embeddings, biases, LayerNorms) is unchanged
 * from the dense model named in the metadata, which the loader overlays. {@code __metadata__} holds
 * {@code nxm.pattern} ("2:4"), {@code nxm.method}, {@code nxm.model}, the calibration size and
 * {@code nxm.pruned} (the pruned tensors' names, which {@code nxm verify} reads).
 */
public final class PrunedWeightsFile {
    public static final String PATTERN = "nxm.pattern";
    public static final String METHOD = "nxm.method";
    public static final String MODEL = "nxm.model";
    public static final String CALIBRATION = "nxm.calibration_sentences";
    /** Comma-separated names of the N:M tensors (what {@code nxm verify} checks in a dense file). */
    public static final String PRUNED = "nxm.pruned";

    private PrunedWeightsFile() {}

    public static void save(Path target, PrunedModel model, int calibrationSentences) {
        CheckpointLayout layout = model.weights().layout();
        // A model read from a checkpoint is written whole, under its source names and dtypes with the tensors
        // it kept aside, so the file replaces the source's model.safetensors; others keep the Linear-only file.
        boolean whole = !layout.isEmpty();
        List<SafeTensor> tensors = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (LinearSpec s : model.weights().config().linears()) {
            if (!whole) tensors.add(SafeTensor.of(s.weightName(), model.weights().linearWeight(s), DType.F32));
            names.add(layout.sourceName(s.weightName()));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        if (whole) meta.put("format", "pt"); // transformers' from_pretrained requires it
        meta.put(PATTERN, model.pattern().toString());
        meta.put(METHOD, model.method());
        meta.put(MODEL, model.weights().config().name());
        meta.put(CALIBRATION, Integer.toString(calibrationSentences));
        meta.put(PRUNED, String.join(",", names));
        meta.put("nxm.layers_pruned", Integer.toString(model.reports().size()));
        double worst = 0;
        for (LayerReport r : model.reports()) if (!Double.isNaN(r.errorAfter())) worst = Math.max(worst, r.errorAfter());
        meta.put("nxm.max_relative_reconstruction_error", String.format(java.util.Locale.ROOT, "%.6g", worst));
        if (whole) SafetensorsWriter.writeDeferred(target, CheckpointTensors.toDeferred(model.weights()), meta);
        else SafetensorsWriter.write(target, tensors, meta);
    }

    /** {@code base} with every tensor of the file put in place (names and shapes must match the base model). */
    public static TransformerWeights overlay(TransformerWeights base, Path file) {
        SafetensorsFile f = SafetensorsFile.open(file);
        String model = f.metadata().get(MODEL);
        if (model != null && !model.equals(base.config().name())) {
            throw new InputException(file + ": __metadata__." + MODEL + " is '" + model + "', expected '" + base.config().name() + "'");
        }
        if (f.names().isEmpty()) throw new InputException(file + ": holds no tensors (expected pruned Linear weights)");
        TransformerWeights w = base;
        CheckpointLayout layout = base.layout();
        for (String sourceName : f.names()) {
            if (layout.extras().containsKey(sourceName)) continue; // pooler, heads: not part of the encoder
            String name = layout.encoderName(sourceName);
            if (name == null || !base.tensors().containsKey(name)) {
                throw new InputException(file + ": tensor '" + sourceName + "' is not a tensor of " + base.config().name());
            }
            int[] expected = base.tensor(name).shape();
            Matrix m = f.matrix(sourceName);
            int[] got = expected.length == 1 ? new int[] {m.rows() * m.cols()} : new int[] {m.rows(), m.cols()};
            if (!java.util.Arrays.equals(expected, got) || (expected.length == 2 && f.get(sourceName).rank() != 2)) {
                throw new InputException(file + ": tensor '" + sourceName + "' has shape " + java.util.Arrays.toString(f.get(sourceName).shape())
                        + ", expected " + java.util.Arrays.toString(expected));
            }
            float[] values = m.data();
            // a NaN or infinite weight would give a plausible-looking score (NaN embeddings rank arbitrarily)
            for (int i = 0; i < values.length; i++) {
                if (!Float.isFinite(values[i]))
                    throw new InputException(file + ": tensor '" + sourceName + "': element " + i + " is " + values[i] + " (weights must be finite)");
            }
            w = w.withTensor(name, new Tensor(expected, values));
        }
        return w;
    }

    /** The file's {@code __metadata__}. */
    public static Map<String, String> metadata(Path file) {
        return SafetensorsFile.open(file).metadata();
    }
}
