package org.nxm.model.transformer;

import java.util.List;
import org.nxm.model.io.InputException;

/** The real pretrained encoders nxm knows by name: {@code minilm-l6} (bundled) and {@code bge-small} (optional artifact). */
public final class PretrainedEncoders {
    private PretrainedEncoders() {}

    public static final List<String> NAMES = List.of("minilm-l6", "bge-small");

    /** True for a name {@link #load} accepts. */
    public static boolean has(String name) {
        return name != null && NAMES.contains(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** Loads a model by name; a shape-only preset or an unknown name is one input-error line. */
    public static EncoderModel load(String name) {
        String n = name == null ? "" : name.toLowerCase(java.util.Locale.ROOT);
        return switch (n) {
            case "minilm-l6" -> MiniLm.load().asModel();
            case "bge-small" -> BgeSmall.load();
            default -> {
                TransformerConfig.preset(name); // an unknown name fails here, listing the presets
                throw new InputException("model '" + name + "': no pretrained weights for this shape-only preset; models with weights: "
                        + String.join(", ", NAMES) + ", or a Hugging Face directory (--model-dir) or ONNX file (--onnx)");
            }
        };
    }
}
