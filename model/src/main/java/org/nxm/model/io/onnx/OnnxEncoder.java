package org.nxm.model.io.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nxm.model.io.InputException;
import org.nxm.model.io.hf.HfConfig;
import org.nxm.model.io.hf.SentenceTransformersPooling;
import org.nxm.model.tokenizer.WordPieceTokenizer;
import org.nxm.model.transformer.EncoderModel;
import org.nxm.model.transformer.Pooling;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.model.transformer.TransformerWeights;

/**
 * A BERT-family encoder from an ONNX file exported from Hugging Face (Optimum, Xenova, PyTorch's exporter) and
 * its {@code tokenizer.json}. The shape comes from a {@code config.json} beside the file (or one folder up, as
 * Optimum lays out {@code onnx/model.onnx}) when there is one, else from the graph itself
 * ({@link OnnxBertImporter#inferConfig}); the pooling likewise from sentence-transformers' {@code modules.json}
 * there, else masked mean, normalised.
 */
public final class OnnxEncoder {
    private OnnxEncoder() {}

    public static EncoderModel load(Path onnx, Path tokenizerJson) {
        org.nxm.model.io.InputFiles.refuseNonRegular(onnx, "ONNX file");
        if (!Files.isRegularFile(onnx)) throw new InputException(onnx + ": ONNX file not found");
        String stem = onnx.getFileName().toString().replaceFirst("\\.onnx$", "");
        String name = stem.equals("model") && onnx.toAbsolutePath().getParent() != null
                ? folderName(onnx.toAbsolutePath().getParent()) : stem;
        OnnxModel graph = OnnxModel.read(onnx);
        Path home = modelHome(onnx);
        Map<String, byte[]> side = new LinkedHashMap<>();
        TransformerConfig config;
        if (home != null) {
            byte[] cfg = read(home.resolve("config.json"));
            config = HfConfig.read(home.resolve("config.json"), cfg, name);
            side.put("config.json", cfg);
        } else {
            config = OnnxBertImporter.inferConfig(graph, name, onnx.toString());
        }
        TransformerWeights w = OnnxBertImporter.toWeights(graph, config, onnx.toString());
        Path tokPath = tokenizerJson != null ? tokenizerJson : home != null ? home.resolve("tokenizer.json") : null;
        if (tokPath == null) throw new InputException(onnx + ": no tokenizer.json beside it; pass --tokenizer FILE");
        org.nxm.model.io.InputFiles.refuseNonRegular(tokPath, "tokenizer file");
        if (!Files.isRegularFile(tokPath)) throw new InputException(tokPath + ": tokenizer file not found");
        byte[] tok = read(tokPath);
        side.put("tokenizer.json", tok);
        WordPieceTokenizer tokenizer = WordPieceTokenizer.fromJson(new java.io.ByteArrayInputStream(tok), tokPath.toString());
        Pooling pooling = home != null && Files.isRegularFile(home.resolve("modules.json"))
                ? SentenceTransformersPooling.read(home) : Pooling.MEAN_NORMALIZED;
        return new EncoderModel(name, onnx.toString(), w, tokenizer, pooling, side);
    }

    /** The folder with a config.json: the ONNX file's own, or its parent (Optimum's onnx/ subfolder). */
    private static Path modelHome(Path onnx) {
        Path dir = onnx.toAbsolutePath().getParent();
        for (int up = 0; up < 2 && dir != null; up++, dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("config.json"))) return dir;
        }
        return null;
    }

    private static String folderName(Path dir) {
        Path f = dir.getFileName();
        if (f != null && f.toString().equals("onnx") && dir.getParent() != null && dir.getParent().getFileName() != null) {
            return dir.getParent().getFileName().toString();
        }
        return f == null ? "model" : f.toString();
    }

    private static byte[] read(Path p) {
        org.nxm.model.io.InputFiles.refuseNonRegular(p, "model file");
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new InputException(p + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
