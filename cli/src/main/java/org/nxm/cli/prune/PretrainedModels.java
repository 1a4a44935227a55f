package org.nxm.cli.prune;

import org.nxm.model.io.InputException;
import org.nxm.model.transformer.MiniLm;
import org.nxm.model.transformer.TransformerConfig;

/** The models with real pretrained weights the prune and eval commands can load. */
public final class PretrainedModels {
    private PretrainedModels() {}

    /** Loads a model by preset name; an unknown name or a preset without weights is one input-error line. */
    public static MiniLm load(String name) {
        TransformerConfig config = TransformerConfig.preset(name);   // unknown names fail here, listing the presets
        if (!config.name().equals("minilm-l6")) {
            throw new InputException("model '" + name + "': no pretrained weights available for it (shape-only preset); "
                    + "prune and eval run on minilm-l6");
        }
        return MiniLm.load();
    }
}
