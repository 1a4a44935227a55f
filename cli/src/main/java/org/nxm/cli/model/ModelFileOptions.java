package org.nxm.cli.model;

import java.nio.file.Files;
import java.nio.file.Path;
import org.nxm.cli.Nxm;
import org.nxm.model.io.hf.HfModelDir;
import org.nxm.model.io.onnx.OnnxEncoder;
import org.nxm.model.transformer.EncoderModel;
import org.nxm.model.transformer.Pooling;
import org.nxm.model.transformer.PretrainedEncoders;
import picocli.CommandLine.Option;

/**
 * Where a model's weights come from when it is not a named pretrained one: a Hugging Face model directory
 * ({@code --model-dir}) or a BERT-family ONNX file with its tokenizer ({@code --onnx}, {@code --tokenizer});
 * {@code --pooling} overrides the pooling the source declares. A picocli mixin for commands whose own
 * {@code --model} option names a preset (compile, simulate, run); {@link ModelOptions} adds {@code --model}
 * for the others.
 */
public final class ModelFileOptions {
    @Option(names = "--model-dir", paramLabel = "DIR", description = "Hugging Face model directory: config.json, model.safetensors "
            + "(or model.safetensors.index.json), tokenizer.json or vocab.txt, sentence-transformers modules.json / 1_Pooling (BERT, MiniLM, BGE, E5)")
    Path modelDir;

    @Option(names = "--onnx", paramLabel = "FILE", description = "BERT-family ONNX encoder exported from Hugging Face (shape from a config.json beside it, else from the graph)")
    Path onnx;

    @Option(names = "--tokenizer", paramLabel = "FILE", description = "tokenizer.json (WordPiece) for --onnx (default: tokenizer.json beside the ONNX file)")
    Path tokenizer;

    @Option(names = "--pooling", paramLabel = "MODE", description = "sentence pooling: mean, cls (L2-normalised), mean-raw, cls-raw "
            + "(default: what the model declares; mean for the ONNX files of minilm-l6, cls for bge-small)")
    String pooling;

    /** True when a file source (--model-dir or --onnx) is given. */
    public boolean hasFileSource() { return modelDir != null || onnx != null; }

    /** The model from --model-dir or --onnx if given, else the named pretrained model. */
    public EncoderModel load(String modelName) {
        Pooling override = pooling == null ? null : Pooling.parse(pooling);
        if (modelDir != null && onnx != null) throw new Nxm.UserError("give one of --model-dir and --onnx, not both");
        if (tokenizer != null && onnx == null) throw new Nxm.UserError("--tokenizer goes with --onnx (a --model-dir has its own tokenizer)");
        EncoderModel m;
        if (modelDir != null) {
            if (Files.isRegularFile(modelDir) && modelDir.getFileName().toString().endsWith(".bin")) throw HfModelDir.refusedPickle(modelDir);
            m = HfModelDir.read(modelDir);
        } else if (onnx != null) {
            m = OnnxEncoder.load(onnx, tokenizer);
        } else {
            m = PretrainedEncoders.load(modelName);
        }
        return override == null ? m : m.withPooling(override);
    }

    /** What the reports call the source: the directory, the ONNX file, or the model name. */
    public String describe(String modelName) {
        return modelDir != null ? modelDir.toString() : onnx != null ? onnx.toString() : modelName;
    }
}
