package org.nxm.admm.finetune.model;

import java.util.ArrayList;
import java.util.List;
import org.nxm.admm.finetune.nn.Dropout;
import org.nxm.admm.finetune.nn.Embeddings;
import org.nxm.admm.finetune.nn.Gelu;
import org.nxm.admm.finetune.nn.LayerNorm;
import org.nxm.admm.finetune.nn.Linear;
import org.nxm.admm.finetune.nn.MeanPooling;
import org.nxm.admm.finetune.nn.MultiHeadAttention;
import org.nxm.admm.finetune.nn.PackedSequences;
import org.nxm.model.tensor.Matrix;

/**
 * A BERT encoder with a backward pass: the forward keeps every activation the backward needs, the
 * backward accumulates parameter gradients into {@link Param#grad()}. Post-LayerNorm blocks as in
 * BERT/MiniLM. Dropout (optional, training only) where BERT's fine-tuning applies it to hidden states:
 * after the embedding LayerNorm, on the attention output and FFN output before each residual sum, and on
 * the pooled output (the classifier's input); not on the attention probabilities. The output is the
 * masked mean-pooled last hidden state, the sentence-transformers embedding before L2 normalisation.
 */
public final class TrainableEncoder {
    private final EncoderParams p;

    public TrainableEncoder(EncoderParams params) {
        this.p = params;
    }

    public EncoderParams params() { return p; }

    /** Activations of one encoder layer. */
    record LayerCache(Matrix input, Matrix q, Matrix k, Matrix v, MultiHeadAttention.Cache attention,
                      LayerNorm.Cache ln1, Matrix preGelu, Matrix postGelu, LayerNorm.Cache ln2,
                      float[] attentionDrop, float[] ffnDrop) {}

    /**
     * Everything the backward pass needs, plus the outputs ({@code pooled} after dropout: the head's input;
     * the dropout masks are null without dropout).
     */
    public record Activations(PackedSequences seqs, LayerNorm.Cache embeddings, List<LayerCache> layers,
                              Matrix lastHidden, Matrix pooled, float[] embeddingDrop, float[] pooledDrop) {}

    /**
     * The input each Linear multiplied in a forward pass, in {@link EncoderParams#linearWeights()} order
     * (query, key, value share the layer input). Real tokens only: the batch is packed.
     */
    public static List<Matrix> linearInputs(Activations a) {
        List<Matrix> out = new ArrayList<>();
        for (LayerCache c : a.layers()) {
            out.add(c.input());
            out.add(c.input());
            out.add(c.input());
            out.add(c.attention().context());
            out.add(c.ln1().output());
            out.add(c.postGelu());
        }
        return out;
    }

    public Activations forward(PackedSequences seqs) {
        return forward(seqs, Dropout.NONE);
    }

    /** The forward pass with dropout drawn from {@code dropout} (training). */
    public Activations forward(PackedSequences seqs, Dropout dropout) {
        EncoderDims d = p.dims();
        Matrix e = Embeddings.forward(seqs, p.get("embeddings.word_embeddings.weight").value(),
                p.get("embeddings.position_embeddings.weight").value(),
                p.get("embeddings.token_type_embeddings.weight").value());
        LayerNorm.Cache embLn = LayerNorm.forward(e, vec("embeddings.LayerNorm.weight"), vec("embeddings.LayerNorm.bias"),
                d.layerNormEps());
        Matrix h = embLn.output();
        float[] embDrop = null;
        if (dropout.rate() > 0) {
            h = h.copy(); // the LayerNorm cache keeps its own output
            embDrop = dropout.applyInPlace(h);
        }
        List<LayerCache> caches = new ArrayList<>();
        for (int l = 0; l < d.layers(); l++) {
            LayerCache c = layerForward(l, h, seqs, dropout);
            caches.add(c);
            h = c.ln2().output();
        }
        Matrix pooled = MeanPooling.forward(h, seqs);
        float[] pooledDrop = dropout.applyInPlace(pooled);
        return new Activations(seqs, embLn, caches, h, pooled, embDrop, pooledDrop);
    }

    private LayerCache layerForward(int l, Matrix x, PackedSequences seqs, Dropout dropout) {
        float eps = p.dims().layerNormEps();
        Matrix q = linear(l, "attention.self.query", x);
        Matrix k = linear(l, "attention.self.key", x);
        Matrix v = linear(l, "attention.self.value", x);
        MultiHeadAttention.Cache att = MultiHeadAttention.forward(q, k, v, seqs, p.dims().heads());
        Matrix attOut = linear(l, "attention.output.dense", att.context());
        float[] attDrop = dropout.applyInPlace(attOut);
        addInPlace(attOut, x);
        LayerNorm.Cache ln1 = LayerNorm.forward(attOut, lvec(l, "attention.output.LayerNorm.weight"),
                lvec(l, "attention.output.LayerNorm.bias"), eps);
        Matrix pre = linear(l, "intermediate.dense", ln1.output());
        Matrix post = Gelu.forward(pre);
        Matrix out = linear(l, "output.dense", post);
        float[] ffnDrop = dropout.applyInPlace(out);
        addInPlace(out, ln1.output());
        LayerNorm.Cache ln2 = LayerNorm.forward(out, lvec(l, "output.LayerNorm.weight"), lvec(l, "output.LayerNorm.bias"), eps);
        return new LayerCache(x, q, k, v, att, ln1, pre, post, ln2, attDrop, ffnDrop);
    }

    /** Accumulates all parameter gradients for the given gradient of the pooled output. */
    public void backward(Activations a, Matrix dPooled) {
        Matrix dh = MeanPooling.backward(dropped(dPooled, a.pooledDrop()), a.seqs());
        for (int l = p.dims().layers() - 1; l >= 0; l--) dh = layerBackward(l, a.layers().get(l), dh, a.seqs());
        Dropout.backwardInPlace(dh, a.embeddingDrop());
        Matrix de = LayerNorm.backward(dh, a.embeddings(), vec("embeddings.LayerNorm.weight"),
                grad("embeddings.LayerNorm.weight"), grad("embeddings.LayerNorm.bias"));
        Embeddings.backward(de, a.seqs(), p.get("embeddings.word_embeddings.weight").grad(),
                p.get("embeddings.position_embeddings.weight").grad(), p.get("embeddings.token_type_embeddings.weight").grad());
    }

    private Matrix layerBackward(int l, LayerCache c, Matrix dOut, PackedSequences seqs) {
        String pre = "encoder.layer." + l + ".";
        Matrix dSum2 = LayerNorm.backward(dOut, c.ln2(), lvec(l, "output.LayerNorm.weight"),
                grad(pre + "output.LayerNorm.weight"), grad(pre + "output.LayerNorm.bias"));
        Matrix dPost = linearBackward(l, "output.dense", dropped(dSum2, c.ffnDrop()), c.postGelu());
        Matrix dPre = Gelu.backward(dPost, c.preGelu());
        Matrix dLn1 = linearBackward(l, "intermediate.dense", dPre, c.ln1().output());
        addInPlace(dLn1, dSum2); // residual around the FFN
        Matrix dSum1 = LayerNorm.backward(dLn1, c.ln1(), lvec(l, "attention.output.LayerNorm.weight"),
                grad(pre + "attention.output.LayerNorm.weight"), grad(pre + "attention.output.LayerNorm.bias"));
        Matrix dCtx = linearBackward(l, "attention.output.dense", dropped(dSum1, c.attentionDrop()), c.attention().context());
        MultiHeadAttention.Grads g = MultiHeadAttention.backward(dCtx, c.attention(), c.q(), c.k(), c.v(), seqs,
                p.dims().heads());
        Matrix dx = linearBackward(l, "attention.self.query", g.dq(), c.input());
        addInPlace(dx, linearBackward(l, "attention.self.key", g.dk(), c.input()));
        addInPlace(dx, linearBackward(l, "attention.self.value", g.dv(), c.input()));
        addInPlace(dx, dSum1); // residual around attention
        return dx;
    }

    /** The gradient into a dropped branch; the residual keeps {@code d} itself. */
    private static Matrix dropped(Matrix d, float[] mask) {
        return mask == null ? d : Dropout.backwardInPlace(d.copy(), mask);
    }

    private Matrix linear(int l, String name, Matrix x) {
        return Linear.forward(x, p.layer(l, name + ".weight").forwardValue(), lvec(l, name + ".bias"));
    }

    /** Straight-through: the gradient is taken at the forward weight and applied to the stored one. */
    private Matrix linearBackward(int l, String name, Matrix dy, Matrix x) {
        Param w = p.layer(l, name + ".weight");
        return Linear.backward(dy, x, w.forwardValue(), w.grad(), p.layer(l, name + ".bias").grad().data());
    }

    private float[] vec(String name) { return p.get(name).value().data(); }
    private float[] grad(String name) { return p.get(name).grad().data(); }
    private float[] lvec(int l, String suffix) { return p.layer(l, suffix).value().data(); }

    static void addInPlace(Matrix a, Matrix b) {
        float[] ad = a.data(), bd = b.data();
        for (int i = 0; i < ad.length; i++) ad[i] += bd[i];
    }
}
