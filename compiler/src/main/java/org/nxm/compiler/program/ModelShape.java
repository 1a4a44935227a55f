package org.nxm.compiler.program;

/**
 * The shape of the compiled model and input.
 *
 * @param name preset name (minilm-l6, bert-base, ...) or "custom"
 * @param layers Transformer layers
 * @param hidden hidden size
 * @param heads attention heads (head dim = hidden / heads)
 * @param ffn feed-forward inner size
 * @param causal causal (GPT-style) attention
 * @param batch sequences
 * @param seq tokens per sequence
 * @param layerNormEps LayerNorm epsilon
 */
public record ModelShape(String name, int layers, int hidden, int heads, int ffn, boolean causal,
                         int batch, int seq, double layerNormEps) {
    public int headDim() { return hidden / heads; }

    public int tokens() { return batch * seq; }
}
