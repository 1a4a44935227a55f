package org.nxm.model.transformer;

import org.nxm.model.numeric.RowKernels;

import java.util.List;
import java.util.stream.IntStream;
import org.nxm.model.io.InputException;
import org.nxm.model.tensor.MatMul;
import org.nxm.model.tensor.Matrix;

/**
 * The float32 reference forward pass of a BERT-style encoder (post-LayerNorm blocks, exact GELU),
 * in plain Java with no native runtime: word + position + token-type embeddings → LayerNorm → per layer
 * [multi-head self-attention with the padding mask (and a causal mask if configured) → output Linear →
 * residual + LayerNorm → intermediate Linear → GELU → output Linear → residual + LayerNorm].
 *
 * <p>Hidden states are {@code [batch * seqLen, hidden]} matrices (see {@link TokenBatch}). Every Linear
 * runs as X·Wᵀ + b with W {@code [out, in]}; the {@link LinearInputHook} sees X first. The encoder reads
 * the weights it was built with on every call, so it is cheap to build one per weight set; it keeps no
 * state between calls and is safe to use from several threads.
 */
public final class Encoder {
    private final TransformerWeights weights;
    private final TransformerConfig config;

    public Encoder(TransformerWeights weights) {
        this.weights = weights;
        this.config = weights.config();
    }

    public TransformerWeights weights() { return weights; }

    public TransformerConfig config() { return config; }

    /** Last hidden state {@code [batch * seqLen, hidden]}. */
    public Matrix forward(TokenBatch batch) { return forward(batch, LinearInputHook.NONE); }

    public Matrix forward(TokenBatch batch, LinearInputHook hook) {
        Matrix h = embed(batch);
        for (int i = 0; i < config.layers(); i++) h = layer(i, h, batch, hook);
        return h;
    }

    /** Embeddings: word + position (0..seqLen-1) + token type, then LayerNorm. */
    public Matrix embed(TokenBatch batch) {
        int d = config.hidden(), len = batch.seqLen();
        if (len > config.maxPositions()) {
            throw new InputException("sequence of " + len + " tokens exceeds " + config.name() + "'s " + config.maxPositions() + " positions");
        }
        float[] word = weights.vector("embeddings.word_embeddings.weight");
        float[] pos = weights.vector("embeddings.position_embeddings.weight");
        float[] type = weights.vector("embeddings.token_type_embeddings.weight");
        Matrix out = new Matrix(batch.rows(), d);
        float[] o = out.data();
        for (int r = 0; r < batch.rows(); r++) {
            int id = batch.inputIds()[r], tt = batch.tokenTypeIds()[r], t = r % len;
            if (id < 0 || id >= config.vocabSize()) throw new InputException("token id " + id + " at row " + r + " outside vocabulary [0, " + config.vocabSize() + ")");
            if (tt < 0 || tt >= config.typeVocabSize()) throw new InputException("token type " + tt + " at row " + r + " outside [0, " + config.typeVocabSize() + ")");
            int ob = r * d, wb = id * d, pb = t * d, tb = tt * d;
            // Same association as the ONNX graph: (word + type) + position.
            for (int j = 0; j < d; j++) o[ob + j] = (word[wb + j] + type[tb + j]) + pos[pb + j];
        }
        layerNormInPlace(out, weights.vector("embeddings.LayerNorm.weight"), weights.vector("embeddings.LayerNorm.bias"));
        return out;
    }

    /** One encoder block applied to {@code hidden}; returns a new matrix. */
    public Matrix layer(int i, Matrix hidden, TokenBatch batch, LinearInputHook hook) {
        if (i < 0 || i >= config.layers()) throw new IllegalArgumentException("layer " + i + " outside [0, " + config.layers() + ")");
        if (hidden.rows() != batch.rows() || hidden.cols() != config.hidden()) {
            throw new IllegalArgumentException("hidden " + hidden + " does not match batch rows " + batch.rows() + " x " + config.hidden());
        }
        List<LinearSpec> ls = config.linears(i);
        String p = "encoder.layer." + i + ".";
        Matrix q = linear(ls.get(0), hidden, batch, hook);
        Matrix k = linear(ls.get(1), hidden, batch, hook);
        Matrix v = linear(ls.get(2), hidden, batch, hook);
        Matrix ctx = attention(q, k, v, batch);
        Matrix attn = linear(ls.get(3), ctx, batch, hook);
        addInPlace(attn, hidden);
        layerNormInPlace(attn, weights.vector(p + "attention.output.LayerNorm.weight"), weights.vector(p + "attention.output.LayerNorm.bias"));
        Matrix inter = linear(ls.get(4), attn, batch, hook);
        geluInPlace(inter);
        Matrix out = linear(ls.get(5), inter, batch, hook);
        addInPlace(out, attn);
        layerNormInPlace(out, weights.vector(p + "output.LayerNorm.weight"), weights.vector(p + "output.LayerNorm.bias"));
        return out;
    }

    /** X·Wᵀ + b for one Linear, after showing X to the hook. */
    public Matrix linear(LinearSpec spec, Matrix x, TokenBatch batch, LinearInputHook hook) {
        hook.onLinearInput(spec, x, batch);
        Matrix y = MatMul.multiplyTransposed(x, weights.linearWeight(spec));
        float[] bias = weights.linearBias(spec), yd = y.data();
        int out = spec.out();
        for (int r = 0; r < y.rows(); r++) {
            int base = r * out;
            for (int j = 0; j < out; j++) yd[base + j] += bias[j];
        }
        return y;
    }

    /**
     * Scaled dot-product attention per sequence and head. Padding keys (mask 0) get probability exactly 0
     * — what ONNX's additive float-min mask gives after softmax — and, if the config is causal, so do
     * keys after the query. Padding query rows are computed like real ones and ignored downstream.
     */
    Matrix attention(Matrix q, Matrix k, Matrix v, TokenBatch batch) {
        int heads = config.heads(), dh = config.headDim(), d = config.hidden(), len = batch.seqLen();
        float scale = (float) Math.sqrt(dh);
        Matrix ctx = new Matrix(q.rows(), d);
        float[] qd = q.data(), kd = k.data(), vd = v.data(), cd = ctx.data();
        int[] mask = batch.attentionMask();
        boolean causal = config.causal();
        IntStream jobs = IntStream.range(0, batch.batchSize() * heads);
        if ((long) batch.rows() * len * d > 1 << 17) jobs = jobs.parallel();
        jobs.forEach(job -> {
            int b = job / heads, h = job % heads, row0 = b * len, col = h * dh;
            // Copy this head's keys transposed [dh, len] and values [len, dh] so both inner loops run
            // over contiguous memory without a reduction (C2 vectorises them).
            float[] kt = new float[dh * len], vh = new float[len * dh];
            for (int s = 0; s < len; s++) {
                int src = (row0 + s) * d + col;
                for (int e = 0; e < dh; e++) {
                    kt[e * len + s] = kd[src + e];
                    vh[s * dh + e] = vd[src + e];
                }
            }
            float[] scores = new float[len], acc = new float[dh];
            for (int t = 0; t < len; t++) {
                int qo = (row0 + t) * d + col;
                java.util.Arrays.fill(scores, 0f);
                for (int e = 0; e < dh; e++) {
                    float qv = qd[qo + e];
                    int ko = e * len;
                    for (int s = 0; s < len; s++) scores[s] += qv * kt[ko + s];
                }
                int keys = causal ? t + 1 : len;
                for (int s = 0; s < len; s++) {
                    if (s >= keys || mask[row0 + s] == 0) scores[s] = Float.NEGATIVE_INFINITY;
                    else scores[s] /= scale;
                }
                // no visible key: zero context (all-padding sequence)
                if (!RowKernels.softmax(scores, 0, len)) continue;
                java.util.Arrays.fill(acc, 0f);
                for (int s = 0; s < len; s++) {
                    float pr = scores[s];
                    if (pr == 0f) continue;
                    int vo = s * dh;
                    for (int e = 0; e < dh; e++) acc[e] += pr * vh[vo + e];
                }
                System.arraycopy(acc, 0, cd, qo, dh);
            }
        });
        return ctx;
    }

    static void addInPlace(Matrix a, Matrix b) {
        float[] x = a.data(), y = b.data();
        for (int i = 0; i < x.length; i++) x[i] += y[i];
    }

    static void geluInPlace(Matrix m) {
        float[] a = m.data();
        int cols = m.cols();
        IntStream rows = IntStream.range(0, m.rows());
        if (a.length > 1 << 15) rows = rows.parallel();
        rows.forEach(r -> Gelu.applyInPlace(a, r * cols, (r + 1) * cols));
    }

    /** Row-wise LayerNorm with the config's eps; mean and variance accumulated in float64. */
    void layerNormInPlace(Matrix m, float[] gamma, float[] beta) {
        float[] a = m.data();
        int d = m.cols();
        double eps = config.layerNormEps();
        IntStream rows = IntStream.range(0, m.rows());
        if (a.length > 1 << 15) rows = rows.parallel();
        rows.forEach(r -> RowKernels.layerNorm(a, r * d, a, r * d, d, gamma, beta, eps));
    }
}
