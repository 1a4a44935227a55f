package org.nxm.admm.finetune.nn;

import java.util.stream.IntStream;
import org.nxm.model.tensor.Matrix;

/**
 * Scaled dot-product attention over packed sequences: every token attends to the tokens of its own
 * sequence only (the padding mask, see {@link PackedSequences}). Q, K, V and the context are
 * {@code [T, hidden]} with heads side by side in the columns, as BERT lays them out.
 */
public final class MultiHeadAttention {
    private MultiHeadAttention() {}

    /** The context plus the softmax probabilities per sequence, {@code [head][query][key]} flattened. */
    public record Cache(Matrix context, float[][] probabilities) {}

    public static Cache forward(Matrix q, Matrix k, Matrix v, PackedSequences seqs, int heads) {
        int hidden = q.cols(), d = hidden / heads;
        if (d * heads != hidden) throw new IllegalArgumentException("hidden " + hidden + " not divisible by heads " + heads);
        float scale = (float) (1.0 / Math.sqrt(d));
        float[] qd = q.data(), kd = k.data(), vd = v.data();
        float[] ctx = new float[qd.length];
        float[][] probs = new float[seqs.sequences()][];
        for (int s = 0; s < probs.length; s++) probs[s] = new float[heads * seqs.length(s) * seqs.length(s)];
        work(seqs.sequences() * heads, seqs.tokens() * hidden).forEach(job -> {
            int s = job / heads, h = job % heads;
            int start = seqs.start(s), len = seqs.length(s), col = h * d;
            float[] p = probs[s];
            int pBase = h * len * len;
            for (int i = 0; i < len; i++) {
                int qi = (start + i) * hidden + col;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < len; j++) {
                    int kj = (start + j) * hidden + col;
                    float dot = 0f;
                    for (int c = 0; c < d; c++) dot += qd[qi + c] * kd[kj + c];
                    dot *= scale;
                    p[pBase + i * len + j] = dot;
                    if (dot > max) max = dot;
                }
                double sum = 0;
                for (int j = 0; j < len; j++) {
                    float e = (float) Math.exp(p[pBase + i * len + j] - max);
                    p[pBase + i * len + j] = e;
                    sum += e;
                }
                float inv = (float) (1.0 / sum);
                for (int j = 0; j < len; j++) {
                    float pij = p[pBase + i * len + j] * inv;
                    p[pBase + i * len + j] = pij;
                    int vj = (start + j) * hidden + col;
                    for (int c = 0; c < d; c++) ctx[qi + c] += pij * vd[vj + c];
                }
            }
        });
        return new Cache(new Matrix(q.rows(), hidden, ctx), probs);
    }

    /** Gradients of Q, K and V given the gradient of the context. */
    public record Grads(Matrix dq, Matrix dk, Matrix dv) {}

    public static Grads backward(Matrix dContext, Cache cache, Matrix q, Matrix k, Matrix v,
                                 PackedSequences seqs, int heads) {
        int hidden = q.cols(), d = hidden / heads;
        float scale = (float) (1.0 / Math.sqrt(d));
        float[] qd = q.data(), kd = k.data(), vd = v.data(), g = dContext.data();
        float[] dq = new float[qd.length], dk = new float[kd.length], dv = new float[vd.length];
        work(seqs.sequences() * heads, seqs.tokens() * hidden).forEach(job -> {
            int s = job / heads, h = job % heads;
            int start = seqs.start(s), len = seqs.length(s), col = h * d;
            float[] p = cache.probabilities()[s];
            int pBase = h * len * len;
            float[] dS = new float[len];
            for (int i = 0; i < len; i++) {
                int gi = (start + i) * hidden + col;
                // dP_ij = dctx_i · v_j; dV_j += P_ij · dctx_i
                double rowDot = 0;
                for (int j = 0; j < len; j++) {
                    int vj = (start + j) * hidden + col;
                    float pij = p[pBase + i * len + j];
                    float dp = 0f;
                    for (int c = 0; c < d; c++) {
                        dp += g[gi + c] * vd[vj + c];
                        dv[vj + c] += pij * g[gi + c];
                    }
                    dS[j] = dp;
                    rowDot += (double) pij * dp;
                }
                // softmax backward: dS_ij = P_ij (dP_ij − Σ_k P_ik dP_ik), then through the scaled dot product
                for (int j = 0; j < len; j++) {
                    float ds = p[pBase + i * len + j] * (float) (dS[j] - rowDot) * scale;
                    if (ds == 0f) continue;
                    int kj = (start + j) * hidden + col;
                    for (int c = 0; c < d; c++) {
                        dq[gi + c] += ds * kd[kj + c];
                        dk[kj + c] += ds * qd[gi + c];
                    }
                }
            }
        });
        int t = q.rows();
        return new Grads(new Matrix(t, hidden, dq), new Matrix(t, hidden, dk), new Matrix(t, hidden, dv));
    }

    private static IntStream work(int jobs, long size) {
        IntStream s = IntStream.range(0, jobs);
        return size > 1 << 12 ? s.parallel() : s;
    }
}
