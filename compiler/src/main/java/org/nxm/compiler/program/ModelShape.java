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

    /** The shape of a model preset (or loaded config) at a batch size and sequence length. */
    public static ModelShape of(org.nxm.model.transformer.TransformerConfig c, int batch, int seq) {
        if (batch < 1) throw new org.nxm.model.io.InputException("--batch: must be >= 1 (got " + batch + ")");
        if (seq < 1) throw new org.nxm.model.io.InputException("--seq: must be >= 1 (got " + seq + ")");
        if (seq > c.maxPositions()) {
            throw new org.nxm.model.io.InputException("--seq: " + seq + " exceeds " + c.name() + "'s " + c.maxPositions() + " positions");
        }
        return new ModelShape(c.name(), c.layers(), c.hidden(), c.heads(), c.intermediate(), c.causal(), batch, seq, c.layerNormEps());
    }

    public int tokens() { return batch * seq; }

    /** The GEMM of a one-GEMM program ({@link GemmShape#toModelShape}), or null for a model. */
    public GemmShape asGemm() {
        return GemmShape.NAME.equals(name) ? new GemmShape(ffn, seq, hidden) : null;
    }
}
