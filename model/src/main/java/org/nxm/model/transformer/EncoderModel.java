package org.nxm.model.transformer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nxm.model.tokenizer.WordPieceTokenizer;

/**
 * A sentence encoder ready to run: its weights (with the layout of the checkpoint they came from), its
 * tokenizer and its pooling, whatever the source — the embedded all-MiniLM-L6-v2, bge-small-en-v1.5, a
 * Hugging Face directory or an ONNX file.
 *
 * @param name      what reports call it ({@code minilm-l6}, {@code bge-small}, a directory name)
 * @param source    where it was read from, for messages
 * @param sideFiles files that describe the model beside its weights ({@code config.json},
 *                  {@code tokenizer.json}, {@code vocab.txt}, ...) as read, by file name, so an export
 *                  writes them back verbatim
 */
public record EncoderModel(String name, String source, TransformerWeights weights, WordPieceTokenizer tokenizer,
                           Pooling pooling, Map<String, byte[]> sideFiles) {
    public EncoderModel {
        sideFiles = Collections.unmodifiableMap(new LinkedHashMap<>(sideFiles));
    }

    public TransformerConfig config() { return weights.config(); }

    public Encoder encoder() { return new Encoder(weights); }

    public SentenceEmbedder embedder() { return embedder(weights); }

    /** An embedder over other weights of the same shape (e.g. pruned) with this model's tokenizer and pooling. */
    public SentenceEmbedder embedder(TransformerWeights other) { return new SentenceEmbedder(new Encoder(other), tokenizer, pooling); }

    /** The same model with other pooling (the CLI's {@code --pooling}). */
    public EncoderModel withPooling(Pooling other) {
        return new EncoderModel(name, source, weights, tokenizer, other, sideFiles);
    }

    /** The same model with other weights of the same shape (e.g. pruned). */
    public EncoderModel withWeights(TransformerWeights other) {
        return new EncoderModel(name, source, other, tokenizer, pooling, sideFiles);
    }
}
