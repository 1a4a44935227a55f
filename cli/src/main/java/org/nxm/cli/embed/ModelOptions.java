package org.nxm.cli.embed;

import java.nio.file.Path;
import org.nxm.model.transformer.MiniLm;
import picocli.CommandLine.Option;

/**
 * Where all-MiniLM-L6-v2 comes from: by default the ONNX file and tokenizer JSON in the Maven artifact on
 * the classpath; {@code --onnx} / {@code --tokenizer} read other copies (same architecture). A picocli mixin
 * shared by {@code embed} and {@code eval}.
 */
public final class ModelOptions {
    @Option(names = "--onnx", paramLabel = "FILE", description = "all-MiniLM-L6-v2 ONNX file (default: the one in the Maven artifact)")
    Path onnx;

    @Option(names = "--tokenizer", paramLabel = "FILE", description = "tokenizer.json (default: the one in the Maven artifact)")
    Path tokenizer;

    public MiniLm load() {
        return new MiniLm(onnx == null ? MiniLm.loadWeights() : MiniLm.loadWeights(onnx),
                tokenizer == null ? MiniLm.loadTokenizer() : MiniLm.loadTokenizer(tokenizer));
    }

    /** "all-MiniLM-L6-v2 (classpath)" or the file name, for reports. */
    public String describe() {
        return onnx == null ? "all-MiniLM-L6-v2 (Maven artifact)" : onnx.toString();
    }
}
