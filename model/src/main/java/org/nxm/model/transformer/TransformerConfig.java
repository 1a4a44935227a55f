package org.nxm.model.transformer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nxm.model.io.InputException;

/**
 * Shape and numerics of a BERT-style Transformer encoder. Presets give shapes for speed estimates
 * ({@code bert-base}, {@code bert-large}, {@code gpt2}) and the real pretrained {@code minilm-l6} and {@code bge-small};
 * weights always come from a file or {@link TransformerWeights#random}.
 *
 * <p>{@code gpt2} is a shape preset: it has GPT-2's dimensions and a causal mask, but the reference
 * {@link Encoder} runs it with BERT's post-LayerNorm block layout (GPT-2's pre-LN layout only moves the
 * vector ops, not the GEMM shapes that pruning, compilation and simulation work on).
 */
public record TransformerConfig(
        String name,
        int layers,
        int hidden,
        int heads,
        int intermediate,
        int vocabSize,
        int maxPositions,
        int typeVocabSize,
        float layerNormEps,
        boolean causal) {

    public TransformerConfig {
        if (layers < 1 || hidden < 1 || heads < 1 || intermediate < 1 || vocabSize < 1 || maxPositions < 1 || typeVocabSize < 1) {
            throw new IllegalArgumentException(name + ": every dimension must be positive");
        }
        if (hidden % heads != 0) throw new IllegalArgumentException(name + ": hidden " + hidden + " not divisible by heads " + heads);
    }

    private static final Map<String, TransformerConfig> PRESETS = presets();

    private static Map<String, TransformerConfig> presets() {
        Map<String, TransformerConfig> m = new LinkedHashMap<>();
        m.put("minilm-l6", new TransformerConfig("minilm-l6", 6, 384, 12, 1536, 30522, 512, 2, 1e-12f, false));
        // BAAI bge-small-en-v1.5: MiniLM's width (384, FFN 1536, 12 heads) at twice the depth.
        m.put("bge-small", new TransformerConfig("bge-small", 12, 384, 12, 1536, 30522, 512, 2, 1e-12f, false));
        m.put("bert-base", new TransformerConfig("bert-base", 12, 768, 12, 3072, 30522, 512, 2, 1e-12f, false));
        m.put("bert-large", new TransformerConfig("bert-large", 24, 1024, 16, 4096, 30522, 512, 2, 1e-12f, false));
        m.put("gpt2", new TransformerConfig("gpt2", 12, 768, 12, 3072, 50257, 1024, 1, 1e-5f, true));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The preset of that name; an unknown name is an input error listing the known ones. */
    public static TransformerConfig preset(String name) {
        TransformerConfig c = PRESETS.get(name == null ? "" : name.toLowerCase(java.util.Locale.ROOT));
        if (c == null) throw new InputException("unknown model '" + name + "' (expected one of " + String.join(", ", PRESETS.keySet()) + ")");
        return c;
    }

    public static List<String> presetNames() { return List.copyOf(PRESETS.keySet()); }

    public int headDim() { return hidden / heads; }

    /** The same shape under another name (a model read from a directory is named after it). */
    public TransformerConfig withName(String other) {
        return new TransformerConfig(other, layers, hidden, heads, intermediate, vocabSize, maxPositions, typeVocabSize, layerNormEps, causal);
    }

    /** The six Linear layers of layer {@code i} in forward order: query, key, value, attention output, intermediate, output. */
    public List<LinearSpec> linears(int i) {
        String p = "encoder.layer." + i + ".";
        return List.of(
                new LinearSpec(p + "attention.self.query", i, hidden, hidden),
                new LinearSpec(p + "attention.self.key", i, hidden, hidden),
                new LinearSpec(p + "attention.self.value", i, hidden, hidden),
                new LinearSpec(p + "attention.output.dense", i, hidden, hidden),
                new LinearSpec(p + "intermediate.dense", i, hidden, intermediate),
                new LinearSpec(p + "output.dense", i, intermediate, hidden));
    }

    /** Every Linear layer of the encoder, layer by layer in forward order. */
    public List<LinearSpec> linears() {
        List<LinearSpec> all = new ArrayList<>();
        for (int i = 0; i < layers; i++) all.addAll(linears(i));
        return List.copyOf(all);
    }

    /** The Linear of that name; unknown names are input errors. */
    public LinearSpec linear(String name) {
        for (LinearSpec s : linears()) if (s.name().equals(name)) return s;
        throw new InputException(this.name + ": no Linear layer named '" + name + "' (expected e.g. encoder.layer.0.attention.self.query)");
    }

    /**
     * Every tensor of the model with its shape, in a stable order (Hugging Face BERT names):
     * embeddings, then per layer the Linear weights/biases and LayerNorm weights/biases.
     */
    public Map<String, int[]> tensorShapes() {
        Map<String, int[]> m = new LinkedHashMap<>();
        m.put("embeddings.word_embeddings.weight", new int[] {vocabSize, hidden});
        m.put("embeddings.position_embeddings.weight", new int[] {maxPositions, hidden});
        m.put("embeddings.token_type_embeddings.weight", new int[] {typeVocabSize, hidden});
        m.put("embeddings.LayerNorm.weight", new int[] {hidden});
        m.put("embeddings.LayerNorm.bias", new int[] {hidden});
        for (int i = 0; i < layers; i++) {
            List<LinearSpec> ls = linears(i);
            for (int j = 0; j < ls.size(); j++) {
                LinearSpec s = ls.get(j);
                m.put(s.weightName(), new int[] {s.out(), s.in()});
                m.put(s.biasName(), new int[] {s.out()});
                String p = "encoder.layer." + i + ".";
                if (j == 3) {
                    m.put(p + "attention.output.LayerNorm.weight", new int[] {hidden});
                    m.put(p + "attention.output.LayerNorm.bias", new int[] {hidden});
                } else if (j == 5) {
                    m.put(p + "output.LayerNorm.weight", new int[] {hidden});
                    m.put(p + "output.LayerNorm.bias", new int[] {hidden});
                }
            }
        }
        return m;
    }
}
