package org.nxm.compiler.lower.decoder;

import java.util.ArrayList;
import java.util.List;
import org.nxm.compiler.lower.LoweredModel;
import org.nxm.compiler.program.GemmKind;
import org.nxm.compiler.program.ModelShape;
import org.nxm.compiler.program.OperandView;
import org.nxm.compiler.program.TensorKind;
import org.nxm.compiler.program.VectorKind;
import org.nxm.model.transformer.DecoderConfig;

/**
 * The lower pass for decoder-only models, one piece at a time: a decoder block ({@link #block}) and the
 * final norm + LM head ({@link #head}). A pass over the whole model is those pieces in sequence, each a
 * separate program; the simulator chains them (as a GPU runs them: one kernel after another) and, since
 * the blocks are identical, simulates only as many as it needs ({@code DecoderSimulation}).
 *
 * <p>Block (pre-norm, Llama layout; GPT-2 differs only in the norm and the MLP): xn = norm(x);
 * q, k, v = Linear(xn) (biases per {@link DecoderConfig.Bias}); RoPE on q and k; k and v written to
 * the KV cache (prefill: the whole prompt; decode: the one new row per sequence); attention per
 * (sequence, query head) against the K/V columns of its KV head (grouped-query attention: heads /
 * n_kv_heads query heads read the same cache columns; the L2 serves the repeats); o = Linear(context);
 * r = x + o; SwiGLU: down(act(gate(norm(r))) ⊙ up(norm(r))); out = r + down.
 *
 * <p>Prefill attention is causal and blocked the way FlashAttention runs it: query rows in chunks of
 * {@link #CHUNK}, chunk i attending keys [0, (i+1)·CHUNK), so the masked upper triangle is never
 * computed; each chunk's scores and probabilities are their own small tensor (on chip when the L2
 * holds it). Decode attention per (sequence, head) is a 1 × context GEMV against the cache, as vLLM's
 * paged-attention kernel launches it; the cache is read from DRAM.
 *
 * <p>Vector work that has no kind of its own is timed as the closest existing one, with the same
 * traffic: RMSNorm as the LayerNorm pass (one pass fewer in reality), SiLU as GELU's epilogue on the
 * gate GEMM, the SwiGLU product as an element-wise two-input pass, RoPE as a pass over q (and k) that
 * reads a cos/sin table row. The new token's own score in decode is folded into the context length
 * (the cache rows read include its slot).
 */
public final class DecoderLowering {
    private DecoderLowering() {}

    /** Query rows per causal attention block in prefill. */
    public static final int CHUNK = 256;

    /** One decoder block as a one-layer program: "input" [tokens, hidden] → "output" [tokens, hidden]. */
    public static LoweredModel block(DecoderWorkload w, int layer) {
        DecoderConfig c = w.config();
        B b = new B(w);
        int t = w.tokens(), h = c.hidden(), d = c.headDim(), kv = c.kvWidth(), f = c.intermediate();
        String p = "model.layers." + layer + ".";
        int x = b.tensor("input", TensorKind.INPUT, t, h);
        int xn = b.norm(p + "input_layernorm", x, t, "xn");
        boolean qkvBias = c.bias() != DecoderConfig.Bias.NONE;
        boolean rope = c.positions() == DecoderConfig.Positions.ROPE;
        // K and V land in the cache: the prompt's rows in prefill, one appended row per sequence in decode.
        int cacheRows = w.phase() == Phase.PREFILL ? t : w.batch();
        int kOut = b.tensor(p + "self_attn.k_cache." + w.phase().label(), TensorKind.OUTPUT, cacheRows, kv);
        int vOut = b.tensor(p + "self_attn.v_cache." + w.phase().label(), TensorKind.OUTPUT, cacheRows, kv);
        int qRaw = b.tensor(rope ? "q_raw" : "q", TensorKind.ACTIVATION, t, h);
        b.linear(p + "self_attn.q_proj", "q_proj", xn, qRaw, h, h, t, qkvBias, List.of());
        int kRaw = rope ? b.tensor("k_raw", TensorKind.ACTIVATION, t, kv) : kOut;
        b.linear(p + "self_attn.k_proj", "k_proj", xn, kRaw, kv, h, t, qkvBias, List.of());
        b.linear(p + "self_attn.v_proj", "v_proj", xn, vOut, kv, h, t, qkvBias, List.of());
        int q = qRaw;
        if (rope) {
            int table = b.tensor(p + "rotary_emb.cos_sin", TensorKind.PARAMETER, 1, h);
            q = b.tensor("q", TensorKind.ACTIVATION, t, h);
            b.vector("rope_q", VectorKind.ADD, List.of(qRaw, table), q, t, h, 0);
            b.vector("rope_k", VectorKind.ADD, List.of(kRaw, table), kOut, t, kv, 0);
        }
        int ctx = b.tensor("context", TensorKind.ACTIVATION, t, h);
        if (w.phase() == Phase.PREFILL) prefillAttention(b, w, q, kOut, vOut, ctx);
        else decodeAttention(b, w, p, q, ctx);
        int o = b.tensor("attention_output", TensorKind.ACTIVATION, t, h);
        b.linear(p + "self_attn.o_proj", "o_proj", ctx, o, h, h, t, c.bias() == DecoderConfig.Bias.ALL, List.of());
        int r = b.tensor("residual1", TensorKind.ACTIVATION, t, h);
        b.vector("residual1", VectorKind.ADD, List.of(o, x), r, t, h, 0);
        int rn = b.norm(p + "post_attention_layernorm", r, t, "rn");
        int down = b.tensor("mlp_output", TensorKind.ACTIVATION, t, h);
        boolean mlpBias = c.bias() == DecoderConfig.Bias.ALL;
        if (c.ffn() == DecoderConfig.Ffn.SWIGLU) {
            int gate = b.tensor("gate", TensorKind.ACTIVATION, t, f);
            int up = b.tensor("up", TensorKind.ACTIVATION, t, f);
            int act = b.tensor("act", TensorKind.ACTIVATION, t, f);
            b.linear(p + "mlp.gate_proj", "gate_proj", rn, gate, f, h, t, mlpBias, List.of(VectorKind.GELU));
            b.linear(p + "mlp.up_proj", "up_proj", rn, up, f, h, t, mlpBias, List.of());
            b.vector("swiglu", VectorKind.ADD, List.of(gate, up), act, t, f, 0);
            b.linear(p + "mlp.down_proj", "down_proj", act, down, h, f, t, mlpBias, List.of());
        } else {
            int act = b.tensor("act", TensorKind.ACTIVATION, t, f);
            b.linear(p + "mlp.c_fc", "up_proj", rn, act, f, h, t, mlpBias, List.of(VectorKind.GELU));
            b.linear(p + "mlp.c_proj", "down_proj", act, down, h, f, t, mlpBias, List.of());
        }
        int out = b.tensor("output", TensorKind.OUTPUT, t, h);
        b.vector("residual2", VectorKind.ADD, List.of(down, r), out, t, h, 0);
        return b.build(c.name() + "." + w.phase().label() + ".layer" + layer);
    }

    /**
     * The final norm and the LM head for the last token of each sequence: "input" [batch, hidden] (the
     * sampler's gather of the last positions) → "logits" [batch, vocab]. The norm is row-wise, so
     * normalising only the gathered rows gives the same logits.
     */
    public static LoweredModel head(DecoderWorkload w) {
        DecoderConfig c = w.config();
        B b = new B(w);
        int rows = w.batch(), h = c.hidden();
        int x = b.tensor("input", TensorKind.INPUT, rows, h);
        int xn = b.norm("model.norm", x, rows, "xn");
        int logits = b.tensor("logits", TensorKind.OUTPUT, rows, c.vocabSize());
        String weight = c.tiedEmbeddings() ? "model.embed_tokens" : "lm_head";
        b.linear(weight, "lm_head", xn, logits, c.vocabSize(), h, rows, false, List.of());
        return b.build(c.name() + "." + w.phase().label() + ".head");
    }

    /*
     * Attention GEMMs are emitted shape by shape (all heads' scores of one query block, then the next
     * block; softmaxes; then the context GEMMs likewise): the compiler plans a run of equal GEMMs as
     * concurrent, each with its share of the cores, as a GPU attention kernel's grid over
     * (head, query block) runs them.
     */
    private static void prefillAttention(B b, DecoderWorkload w, int q, int kCache, int vCache, int ctx) {
        DecoderConfig c = w.config();
        int s = w.seq(), d = c.headDim();
        int chunk = Math.min(CHUNK, s);
        int blocks = (s + chunk - 1) / chunk;
        int pairs = w.batch() * c.heads();
        int[][] scores = new int[blocks][pairs], probs = new int[blocks][pairs];
        for (int i = 0; i < blocks; i++) {
            int q0 = i * chunk, rows = Math.min(chunk, s - q0), keys = q0 + rows;
            for (int pair = 0; pair < pairs; pair++) {
                scores[i][pair] = b.tensor(name(pair, c, q0) + ".scores", TensorKind.ACTIVATION, rows, keys);
                probs[i][pair] = b.tensor(name(pair, c, q0) + ".probs", TensorKind.ACTIVATION, rows, keys);
            }
        }
        for (int i = 0; i < blocks; i++) {
            int q0 = i * chunk, rows = Math.min(chunk, s - q0), keys = q0 + rows;
            for (int pair = 0; pair < pairs; pair++) {
                int bi = pair / c.heads(), hi = pair % c.heads(), g = hi / c.groupSize();
                b.stages.add(new LoweredModel.Gemm(name(pair, c, q0) + ".scores", 0, GemmKind.ATTENTION_SCORES, rows, keys, d,
                        new OperandView(q, bi * s + q0, hi * d, false), new OperandView(kCache, bi * s, g * d, true),
                        new OperandView(scores[i][pair], 0, 0, false), false, -1, List.of()));
            }
        }
        for (int i = 0; i < blocks; i++) {
            int q0 = i * chunk, rows = Math.min(chunk, s - q0), keys = q0 + rows;
            for (int pair = 0; pair < pairs; pair++) {
                b.stages.add(new LoweredModel.Vector(name(pair, c, q0) + ".softmax", 0, VectorKind.SOFTMAX, List.of(scores[i][pair]),
                        probs[i][pair], 0, rows, keys, 1.0 / Math.sqrt(d), 0, false));
            }
        }
        for (int i = 0; i < blocks; i++) {
            int q0 = i * chunk, rows = Math.min(chunk, s - q0), keys = q0 + rows;
            for (int pair = 0; pair < pairs; pair++) {
                int bi = pair / c.heads(), hi = pair % c.heads(), g = hi / c.groupSize();
                b.stages.add(new LoweredModel.Gemm(name(pair, c, q0) + ".context", 0, GemmKind.ATTENTION_CONTEXT, rows, d, keys,
                        new OperandView(probs[i][pair], 0, 0, false), new OperandView(vCache, bi * s, g * d, false),
                        new OperandView(ctx, bi * s + q0, hi * d, false), false, -1, List.of()));
            }
        }
    }

    private static String name(int pair, DecoderConfig c, int q0) {
        return "seq" + pair / c.heads() + ".head" + pair % c.heads() + ".rows" + q0;
    }

    private static void decodeAttention(B b, DecoderWorkload w, String prefix, int q, int ctx) {
        DecoderConfig c = w.config();
        int len = w.context(), d = c.headDim(), heads = c.heads();
        int kCache = b.tensor(prefix + "self_attn.k_cache", TensorKind.INPUT, w.batch() * len, c.kvWidth());
        int vCache = b.tensor(prefix + "self_attn.v_cache", TensorKind.INPUT, w.batch() * len, c.kvWidth());
        int[] scores = new int[w.batch()], probs = new int[w.batch()];
        for (int bi = 0; bi < w.batch(); bi++) {
            scores[bi] = b.tensor("seq" + bi + ".scores", TensorKind.ACTIVATION, heads, len);
            probs[bi] = b.tensor("seq" + bi + ".probs", TensorKind.ACTIVATION, heads, len);
        }
        for (int bi = 0; bi < w.batch(); bi++) {
            for (int hi = 0; hi < heads; hi++) {
                int g = hi / c.groupSize();
                b.stages.add(new LoweredModel.Gemm("seq" + bi + ".head" + hi + ".scores", 0, GemmKind.ATTENTION_SCORES, 1, len, d,
                        new OperandView(q, bi, hi * d, false), new OperandView(kCache, bi * len, g * d, true),
                        new OperandView(scores[bi], hi, 0, false), false, -1, List.of()));
            }
        }
        for (int bi = 0; bi < w.batch(); bi++) {
            b.stages.add(new LoweredModel.Vector("seq" + bi + ".softmax", 0, VectorKind.SOFTMAX, List.of(scores[bi]), probs[bi], 0, heads, len,
                    1.0 / Math.sqrt(d), 0, false));
        }
        for (int bi = 0; bi < w.batch(); bi++) {
            for (int hi = 0; hi < heads; hi++) {
                int g = hi / c.groupSize();
                b.stages.add(new LoweredModel.Gemm("seq" + bi + ".head" + hi + ".context", 0, GemmKind.ATTENTION_CONTEXT, 1, d, len,
                        new OperandView(probs[bi], hi, 0, false), new OperandView(vCache, bi * len, g * d, false),
                        new OperandView(ctx, bi, hi * d, false), false, -1, List.of()));
            }
        }
    }

    /** Tensors and stages of one piece. */
    private static final class B {
        final DecoderWorkload w;
        final List<LoweredModel.Tensor> tensors = new ArrayList<>();
        final List<LoweredModel.Stage> stages = new ArrayList<>();

        B(DecoderWorkload w) { this.w = w; }

        int tensor(String name, TensorKind kind, int rows, int cols) {
            tensors.add(new LoweredModel.Tensor(tensors.size(), name, kind, rows, cols));
            return tensors.size() - 1;
        }

        /** RMSNorm (gamma) or LayerNorm (gamma, beta) of x's rows into a new activation. */
        int norm(String name, int x, int rows, String out) {
            DecoderConfig c = w.config();
            int h = c.hidden();
            List<Integer> in = new ArrayList<>(List.of(x, tensor(name + ".weight", TensorKind.PARAMETER, 1, h)));
            if (c.norm() == DecoderConfig.Norm.LAYERNORM) in.add(tensor(name + ".bias", TensorKind.PARAMETER, 1, h));
            int y = tensor(out, TensorKind.ACTIVATION, rows, h);
            stages.add(new LoweredModel.Vector(name, 0, VectorKind.LAYERNORM, in, y, 0, rows, h, 1, c.normEps(), false));
            return y;
        }

        void vector(String name, VectorKind kind, List<Integer> inputs, int out, int rows, int cols, double eps) {
            stages.add(new LoweredModel.Vector(name, 0, kind, inputs, out, 0, rows, cols, 1, eps, false));
        }

        /** y[T, out] = x[T, in]·Wᵀ (+ bias) as C = W·Xᵀ; the weight is N:M when its role is in the workload's sparse set. */
        void linear(String name, String role, int x, int y, int out, int in, int tokens, boolean bias, List<VectorKind> after) {
            int wt = tensor(name + ".weight", TensorKind.WEIGHT, out, in);
            int bt = bias ? tensor(name + ".bias", TensorKind.PARAMETER, 1, out) : -1;
            List<VectorKind> epi = new ArrayList<>();
            if (bias) epi.add(VectorKind.BIAS);
            epi.addAll(after);
            stages.add(new LoweredModel.Gemm(name, 0, GemmKind.LINEAR, out, tokens, in, new OperandView(wt, 0, 0, false),
                    new OperandView(x, 0, 0, true), new OperandView(y, 0, 0, true), w.sparseRoles().contains(role), bt, epi));
        }

        LoweredModel build(String name) {
            DecoderConfig c = w.config();
            ModelShape shape = new ModelShape(name, 1, c.hidden(), c.heads(), c.intermediate(), true, w.batch(), w.seq(), c.normEps());
            return new LoweredModel(shape, tensors, stages);
        }
    }
}
