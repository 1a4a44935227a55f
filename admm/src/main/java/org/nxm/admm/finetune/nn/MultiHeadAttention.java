package org.nxm.admm.finetune.nn;

import java.util.stream.IntStream;
import org.nxm.model.numeric.RowKernels;
import org.nxm.model.tensor.MatMul;
import org.nxm.model.tensor.Matrix;

/**
 * Scaled dot-product attention over packed sequences: every token attends to the tokens of its own
 * sequence only (the padding mask, see {@link PackedSequences}). Q, K, V and the context are
 * {@code [T, hidden]} with heads side by side in the columns, as BERT lays them out.
 *
 * <p>Each (sequence, head) is one job on the common pool: its slices of Q, K, V are gathered into
 * contiguous {@code [len, d]} blocks and the five products (QKᵀ, PV forward; dP = dC·Vᵀ, dV = Pᵀ·dC,
 * dQ = dS·K, dK = dSᵀ·Q backward) run on the model module's register-blocked matmul kernels; the
 * softmax row is the model module's {@link RowKernels#softmax}.
 */
public final class MultiHeadAttention {
    private MultiHeadAttention() {}

    /** The context plus the softmax probabilities per sequence, {@code [head][query][key]} flattened. */
    public record Cache(Matrix context, float[][] probabilities) {}

    public static Cache forward(Matrix q, Matrix k, Matrix v, PackedSequences seqs, int heads) {
        int hidden = q.cols(), d = hidden / heads;
        if (d * heads != hidden) throw new IllegalArgumentException("hidden " + hidden + " not divisible by heads " + heads);
        float scale = (float) (1.0 / Math.sqrt(d));
        float[] ctx = new float[q.data().length];
        float[][] probs = new float[seqs.sequences()][];
        for (int s = 0; s < probs.length; s++) probs[s] = new float[heads * seqs.length(s) * seqs.length(s)];
        work(seqs.sequences() * heads, seqs.tokens() * hidden).forEach(job -> {
            int s = job / heads, h = job % heads;
            int start = seqs.start(s), len = seqs.length(s), col = h * d;
            Matrix qh = gather(q, start, len, col, d, scale);
            Matrix khT = gatherTransposed(k, start, len, col, d);
            float[] scores = MatMul.multiply(qh, khT).data(); // [len, len], already scaled through q
            for (int i = 0; i < len; i++) RowKernels.softmax(scores, i * len, len);
            System.arraycopy(scores, 0, probs[s], h * len * len, len * len);
            Matrix c = MatMul.multiply(new Matrix(len, len, scores), gather(v, start, len, col, d, 1f));
            scatter(c, ctx, start, col, hidden);
        });
        return new Cache(new Matrix(q.rows(), hidden, ctx), probs);
    }

    /** Gradients of Q, K and V given the gradient of the context. */
    public record Grads(Matrix dq, Matrix dk, Matrix dv) {}

    public static Grads backward(Matrix dContext, Cache cache, Matrix q, Matrix k, Matrix v,
                                 PackedSequences seqs, int heads) {
        int hidden = q.cols(), d = hidden / heads;
        float scale = (float) (1.0 / Math.sqrt(d));
        float[] dq = new float[q.data().length], dk = new float[k.data().length], dv = new float[v.data().length];
        work(seqs.sequences() * heads, seqs.tokens() * hidden).forEach(job -> {
            int s = job / heads, h = job % heads;
            int start = seqs.start(s), len = seqs.length(s), col = h * d;
            float[] p = java.util.Arrays.copyOfRange(cache.probabilities()[s], h * len * len, (h + 1) * len * len);
            Matrix pm = new Matrix(len, len, p);
            Matrix g = gather(dContext, start, len, col, d, 1f);
            // dV = Pᵀ·dC; dP = dC·Vᵀ
            scatter(MatMul.multiplyTransposedA(pm, g), dv, start, col, hidden);
            float[] dp = MatMul.multiply(g, gatherTransposed(v, start, len, col, d)).data();
            // softmax backward: dS_ij = P_ij (dP_ij − Σ_k P_ik dP_ik), times the 1/√d of the scores
            for (int i = 0; i < len; i++) {
                int row = i * len;
                double rowDot = 0;
                for (int j = 0; j < len; j++) rowDot += (double) p[row + j] * dp[row + j];
                float rd = (float) rowDot;
                for (int j = 0; j < len; j++) dp[row + j] = p[row + j] * (dp[row + j] - rd) * scale;
            }
            Matrix ds = new Matrix(len, len, dp);
            scatter(MatMul.multiply(ds, gather(k, start, len, col, d, 1f)), dq, start, col, hidden);
            scatter(MatMul.multiplyTransposedA(ds, gather(q, start, len, col, d, 1f)), dk, start, col, hidden);
        });
        int t = q.rows();
        return new Grads(new Matrix(t, hidden, dq), new Matrix(t, hidden, dk), new Matrix(t, hidden, dv));
    }

    /** Rows [start, start+len) and columns [col, col+d) of m, times {@code factor}, as a contiguous [len, d] block. */
    private static Matrix gather(Matrix m, int start, int len, int col, int d, float factor) {
        float[] src = m.data(), out = new float[len * d];
        int n = m.cols();
        for (int i = 0; i < len; i++) {
            int base = (start + i) * n + col;
            for (int c = 0; c < d; c++) out[i * d + c] = src[base + c] * factor;
        }
        return new Matrix(len, d, out);
    }

    /** The same block transposed, [d, len]. */
    private static Matrix gatherTransposed(Matrix m, int start, int len, int col, int d) {
        float[] src = m.data(), out = new float[d * len];
        int n = m.cols();
        for (int i = 0; i < len; i++) {
            int base = (start + i) * n + col;
            for (int c = 0; c < d; c++) out[c * len + i] = src[base + c];
        }
        return new Matrix(d, len, out);
    }

    /** Writes a [len, d] block back into rows from {@code start}, columns from {@code col} (disjoint per job). */
    private static void scatter(Matrix block, float[] dst, int start, int col, int hidden) {
        int d = block.cols();
        float[] b = block.data();
        for (int i = 0; i < block.rows(); i++) System.arraycopy(b, i * d, dst, (start + i) * hidden + col, d);
    }

    private static IntStream work(int jobs, long size) {
        IntStream s = IntStream.range(0, jobs);
        return size > 1 << 12 ? s.parallel() : s;
    }
}
