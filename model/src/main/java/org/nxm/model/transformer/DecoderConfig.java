package org.nxm.model.transformer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nxm.model.io.InputException;

/**
 * Shape of a decoder-only language model (Llama family, GPT-2) for timing: the sibling of
 * {@link TransformerConfig}, which describes BERT-style encoders. No reference forward exists for
 * these models (no decoder weights are available offline); what compilation and simulation need is
 * the shape of every GEMM, the KV cache and the vector work.
 *
 * @param name          preset name or the YAML file's {@code name}
 * @param layers        decoder blocks
 * @param hidden        model width
 * @param heads         query heads (head dim = hidden / heads)
 * @param kvHeads       key/value heads ({@code n_kv_heads}; grouped-query attention when fewer than
 *                      heads, multi-head attention when equal); must divide {@code heads}
 * @param intermediate  FFN inner width (per branch for SwiGLU: gate and up are each intermediate × hidden)
 * @param vocabSize     vocabulary (rows of the embedding and of the LM head)
 * @param maxContext    longest context (prompt + generated tokens) the model supports
 * @param tiedEmbeddings the LM head reuses the embedding matrix (GPT-2) or has its own (Llama)
 * @param norm          RMSNorm (Llama) or LayerNorm (GPT-2)
 * @param ffn           SwiGLU (gate·up → down) or a GELU MLP (fc → proj)
 * @param positions     rotary embeddings applied to Q and K, or learned absolute positions
 * @param bias          which Linears have a bias: none (Llama), Q/K/V only (Qwen2), all (GPT-2)
 * @param normEps       epsilon of the norms
 * @param ropeTheta     RoPE base frequency (ignored for learned positions)
 */
public record DecoderConfig(
        String name,
        int layers,
        int hidden,
        int heads,
        int kvHeads,
        int intermediate,
        int vocabSize,
        int maxContext,
        boolean tiedEmbeddings,
        Norm norm,
        Ffn ffn,
        Positions positions,
        Bias bias,
        double normEps,
        double ropeTheta) {

    public enum Norm { RMSNORM, LAYERNORM }

    public enum Ffn { SWIGLU, GELU }

    public enum Positions { ROPE, LEARNED }

    public enum Bias { NONE, QKV, ALL }

    /** Validates the shape; every violation is an {@link InputException} naming the model and the field. */
    public DecoderConfig {
        positive(name, "layers", layers);
        positive(name, "hidden", hidden);
        positive(name, "heads", heads);
        positive(name, "n_kv_heads", kvHeads);
        positive(name, "intermediate", intermediate);
        positive(name, "vocab", vocabSize);
        positive(name, "max_context", maxContext);
        if (hidden % heads != 0) throw new InputException(name + ": hidden " + hidden + " is not divisible by heads " + heads);
        if (heads % kvHeads != 0) {
            throw new InputException(name + ": n_kv_heads " + kvHeads + " does not divide heads " + heads
                    + " (grouped-query attention shares each KV head among heads / n_kv_heads query heads)");
        }
        if (norm == null || ffn == null || positions == null || bias == null) throw new InputException(name + ": norm, ffn, positions and bias are required");
        if (!(normEps > 0)) throw new InputException(name + ": norm_eps must be > 0 (got " + normEps + ")");
        if (!(ropeTheta > 0)) throw new InputException(name + ": rope_theta must be > 0 (got " + ropeTheta + ")");
    }

    private static void positive(String model, String field, int v) {
        if (v < 1) throw new InputException(model + ": " + field + " must be >= 1 (got " + v + ")");
    }

    private static final Map<String, DecoderConfig> PRESETS = presets();

    /*
     * Public shapes from the models' Hugging Face config.json files (the 8 B models: 32 blocks of 218 M Linear weights). mistral-7b is v0.1 (vocabulary 32,000,
     * RoPE base 10,000; its 4,096-token sliding window is not modelled: attention spans the whole context).
     * qwen2.5-7b's max_context is the 32,768 tokens it supports without YaRN scaling.
     */
    private static Map<String, DecoderConfig> presets() {
        Map<String, DecoderConfig> m = new LinkedHashMap<>();
        add(m, llama("llama-3-8b", 32, 4096, 32, 8, 14336, 128256, 8192, 1e-5, 500000));
        // Llama 3.1 8B: Llama 3 8B's shapes with a 131,072-token context (long-context decode sweeps).
        add(m, llama("llama-3.1-8b", 32, 4096, 32, 8, 14336, 128256, 131072, 1e-5, 500000));
        add(m, llama("llama-2-7b", 32, 4096, 32, 32, 11008, 32000, 4096, 1e-5, 10000));
        add(m, llama("mistral-7b", 32, 4096, 32, 8, 14336, 32000, 32768, 1e-5, 10000));
        add(m, new DecoderConfig("qwen2.5-7b", 28, 3584, 28, 4, 18944, 152064, 32768, false, Norm.RMSNORM, Ffn.SWIGLU,
                Positions.ROPE, Bias.QKV, 1e-6, 1e6));
        add(m, new DecoderConfig("gpt2", 12, 768, 12, 12, 3072, 50257, 1024, true, Norm.LAYERNORM, Ffn.GELU,
                Positions.LEARNED, Bias.ALL, 1e-5, 10000));
        add(m, llama("llama-3-70b", 80, 8192, 64, 8, 28672, 128256, 8192, 1e-5, 500000));
        return Collections.unmodifiableMap(m);
    }

    private static DecoderConfig llama(String name, int layers, int hidden, int heads, int kv, int ffn, int vocab, int ctx,
                                       double eps, double theta) {
        return new DecoderConfig(name, layers, hidden, heads, kv, ffn, vocab, ctx, false, Norm.RMSNORM, Ffn.SWIGLU,
                Positions.ROPE, Bias.NONE, eps, theta);
    }

    private static void add(Map<String, DecoderConfig> m, DecoderConfig c) { m.put(c.name(), c); }

    public static boolean isPreset(String name) {
        return name != null && PRESETS.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** The preset of that name; an unknown name is an input error listing the known ones. */
    public static DecoderConfig preset(String name) {
        DecoderConfig c = name == null ? null : PRESETS.get(name.toLowerCase(Locale.ROOT));
        if (c == null) {
            throw new InputException("unknown decoder model '" + name + "' (expected one of " + String.join(", ", PRESETS.keySet())
                    + ", or a decoder YAML file)");
        }
        return c;
    }

    public static List<String> presetNames() { return List.copyOf(PRESETS.keySet()); }

    public int headDim() { return hidden / heads; }

    /** Query heads that share one KV head. */
    public int groupSize() { return heads / kvHeads; }

    /** Width of K (and of V): n_kv_heads × head dim. */
    public int kvWidth() { return kvHeads * headDim(); }

    /** Weights of one decoder block's Linears (elements, biases excluded). */
    public long layerLinearParams() {
        long h = hidden;
        long attn = h * h + 2L * kvWidth() * h + h * h;
        long mlp = (ffn == Ffn.SWIGLU ? 3L : 2L) * intermediate * h;
        return attn + mlp;
    }

    /** Elements of the LM head (the embedding matrix when tied). */
    public long lmHeadParams() { return (long) vocabSize * hidden; }

    /** KV-cache elements one token adds: K and V of every layer. */
    public long kvElementsPerToken() { return 2L * layers * kvWidth(); }
}
