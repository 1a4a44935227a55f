package org.nxm.simulator.functional;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.nxm.model.io.InputException;
import org.nxm.model.tensor.Matrix;
import org.nxm.model.transformer.Encoder;
import org.nxm.model.transformer.LinearSpec;
import org.nxm.model.transformer.TokenBatch;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.model.transformer.TransformerWeights;

/**
 * The encoder as the tensor-core simulator computes it: every Linear is a sparse MMA over the compressed
 * weight (values + decoded metadata gather the activations; float32 accumulation), attention's QKᵀ and
 * PV are dense MMAs, and softmax, GELU, LayerNorm, bias and residual adds run on the vector unit's
 * kernels ({@link VectorOps}). The token embeddings (the program's input) come from the reference.
 * Its output is compared against {@link Encoder#forward} on the same sparse weights.
 */
public final class FunctionalEncoder {
    private final TransformerWeights weights;
    private final TransformerConfig config;
    private final Map<String, LogicalNm> linears;
    private final Map<String, int[]> columns = new java.util.HashMap<>();

    /**
     * @param weights dense-form weights (embeddings, biases, LayerNorm parameters are read from here)
     * @param linears each Linear's compressed weight, by Linear name ({@code encoder.layer.0.attention.self.query})
     */
    public FunctionalEncoder(TransformerWeights weights, Map<String, LogicalNm> linears) {
        this.weights = weights;
        this.config = weights.config();
        this.linears = Map.copyOf(linears);
        for (LinearSpec s : config.linears()) {
            LogicalNm w = linears.get(s.name());
            if (w == null) throw new InputException("functional simulation: no compressed weight for " + s.name());
            if (w.outs() != s.out() || w.k() != s.in()) {
                throw new InputException("functional simulation: " + s.name() + " is " + w.outs() + "x" + w.k()
                        + ", expected [" + s.out() + ", " + s.in() + "]");
            }
            columns.put(s.name(), SparseMma.columns(w.index(), w.outs(), w.k(), w.pattern()));
        }
    }

    public Matrix forward(TokenBatch batch) {
        Matrix h = new Encoder(weights).embed(batch);
        for (int i = 0; i < config.layers(); i++) h = layer(i, h, batch);
        return h;
    }

    Matrix layer(int i, Matrix hidden, TokenBatch batch) {
        List<LinearSpec> ls = config.linears(i);
        String p = "encoder.layer." + i + ".";
        Matrix q = linear(ls.get(0), hidden);
        Matrix k = linear(ls.get(1), hidden);
        Matrix v = linear(ls.get(2), hidden);
        Matrix ctx = attention(q, k, v, batch);
        Matrix attn = linear(ls.get(3), ctx);
        VectorOps.add(attn.data(), hidden.data());
        layerNorm(attn, p + "attention.output.LayerNorm");
        Matrix inter = linear(ls.get(4), attn);
        VectorOps.gelu(inter.data(), 0, inter.data().length);
        Matrix out = linear(ls.get(5), inter);
        VectorOps.add(out.data(), attn.data());
        layerNorm(out, p + "output.LayerNorm");
        return out;
    }

    private void layerNorm(Matrix m, String name) {
        VectorOps.layerNorm(m.data(), m.rows(), m.cols(), weights.vector(name + ".weight"), weights.vector(name + ".bias"),
                (float) config.layerNormEps());
    }

    /** X·Ŵᵀ + b through the sparse kernel, output features split across threads. */
    Matrix linear(LinearSpec spec, Matrix x) {
        LogicalNm w = linears.get(spec.name());
        int[] cols = columns.get(spec.name());
        int rows = x.rows(), outs = w.outs(), kept = w.values().length / outs;
        float[] y = new float[rows * outs];
        int block = 32;
        IntStream.range(0, (outs + block - 1) / block).parallel().forEach(b -> {
            int o0 = b * block, o1 = Math.min(outs, o0 + block), n = o1 - o0;
            float[] acc = new float[rows * n];
            float[] vals = java.util.Arrays.copyOfRange(w.values(), o0 * kept, o1 * kept);
            int[] c = java.util.Arrays.copyOfRange(cols, o0 * kept, o1 * kept);
            SparseMma.mmaFloatGathered(x.data(), rows, w.k(), vals, c, n, acc);
            for (int r = 0; r < rows; r++) System.arraycopy(acc, r * n, y, r * outs + o0, n);
        });
        VectorOps.addBias(y, rows, outs, weights.linearBias(spec));
        return new Matrix(rows, outs, y);
    }

    /** Per sequence and head: S = Q·Kᵀ/√d (dense MMA), masked softmax, context = P·V (dense MMA). */
    Matrix attention(Matrix q, Matrix k, Matrix v, TokenBatch batch) {
        int heads = config.heads(), dh = config.headDim(), d = config.hidden(), len = batch.seqLen();
        float scale = (float) Math.sqrt(dh);
        Matrix ctx = new Matrix(q.rows(), d);
        int[] mask = batch.attentionMask();
        boolean causal = config.causal();
        IntStream.range(0, batch.batchSize() * heads).parallel().forEach(job -> {
            int b = job / heads, h = job % heads, row0 = b * len, col = h * dh;
            float[] qh = slice(q, row0, len, col, dh);
            float[] kh = slice(k, row0, len, col, dh);
            float[] vhT = sliceTransposed(v, row0, len, col, dh);
            float[] s = new float[len * len];
            SparseMma.mmaDense(qh, len, dh, kh, len, s);
            boolean[] empty = new boolean[len];
            for (int t = 0; t < len; t++) {
                int keys = causal ? t + 1 : len;
                boolean any = false;
                for (int j = 0; j < len; j++) {
                    if (j >= keys || mask[row0 + j] == 0) s[t * len + j] = Float.NEGATIVE_INFINITY;
                    else { s[t * len + j] /= scale; any = true; }
                }
                empty[t] = !any;
                if (!any) java.util.Arrays.fill(s, t * len, (t + 1) * len, 0f);
            }
            VectorOps.softmaxRows(s, len, len);
            float[] o = new float[len * dh];
            SparseMma.mmaDense(s, len, len, vhT, dh, o);
            float[] cd = ctx.data();
            for (int t = 0; t < len; t++) {
                if (empty[t]) continue;   // no visible key: zero context, as the reference
                System.arraycopy(o, t * dh, cd, (row0 + t) * d + col, dh);
            }
        });
        return ctx;
    }

    private static float[] slice(Matrix m, int row0, int rows, int col0, int cols) {
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) System.arraycopy(m.data(), (row0 + r) * m.cols() + col0, out, r * cols, cols);
        return out;
    }

    private static float[] sliceTransposed(Matrix m, int row0, int rows, int col0, int cols) {
        float[] out = new float[cols * rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) out[c * rows + r] = m.data()[(row0 + r) * m.cols() + col0 + c];
        }
        return out;
    }

    /** max |a − b| / max |b| over all elements: the error measure of the functional check. */
    public static double maxRelativeError(Matrix a, Matrix ref) {
        double maxDiff = 0, maxRef = 0;
        for (int i = 0; i < ref.data().length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs((double) a.data()[i] - ref.data()[i]));
            maxRef = Math.max(maxRef, Math.abs(ref.data()[i]));
        }
        return maxRef == 0 ? maxDiff : maxDiff / maxRef;
    }
}
