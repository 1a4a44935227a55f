package org.nxm.compiler.lower;

import java.util.ArrayList;
import java.util.List;
import org.nxm.compiler.program.GemmKind;
import org.nxm.compiler.program.GemmShape;
import org.nxm.compiler.program.ModelShape;
import org.nxm.compiler.program.OperandView;
import org.nxm.compiler.program.TensorKind;
import org.nxm.compiler.program.VectorKind;
import org.nxm.model.io.InputException;

/**
 * The lower pass: a BERT-style encoder (post-LayerNorm blocks, as the model module's reference forward
 * runs every preset, causal attention for gpt2) becomes GEMMs and vector ops over named tensors.
 *
 * <p>Per layer, with T = batch·seq tokens: Q, K, V = Linear(x) (bias fused); per sequence b and head h,
 * S = Q_bh·K_bhᵀ and, after a row softmax of S/√d, O_bh = P_bh·V_bh; attention output = Linear(O);
 * h1 = LayerNorm(attention output + x); FFN = Linear₂(GELU(Linear₁(h1))); h2 = LayerNorm(FFN + h1).
 * Linear weights keep their Hugging Face names ({@code encoder.layer.i.attention.self.query.weight}).
 */
public final class Lowering {
    private Lowering() {}

    private static final String[] ROLES = {"attention.self.query", "attention.self.key", "attention.self.value",
        "attention.output.dense", "intermediate.dense", "output.dense"};

    public static LoweredModel lower(ModelShape s) {
        if (s.layers() < 1 || s.hidden() < 1 || s.heads() < 1 || s.ffn() < 1 || s.batch() < 1 || s.seq() < 1) {
            throw new InputException("model " + s.name() + ": layers, hidden, heads, ffn, batch and seq must be >= 1");
        }
        if (s.hidden() % s.heads() != 0) throw new InputException("model " + s.name() + ": hidden " + s.hidden() + " not divisible by heads " + s.heads());
        long tokens = (long) s.batch() * s.seq();
        if (tokens * Math.max(s.ffn(), s.hidden()) > Integer.MAX_VALUE / 2 || (long) s.batch() * s.heads() * s.seq() * s.seq() > Integer.MAX_VALUE / 2) {
            throw new InputException("model " + s.name() + ": batch " + s.batch() + " x seq " + s.seq() + " is too large to compile");
        }
        Builder b = new Builder();
        int t = s.tokens(), h = s.hidden(), d = s.headDim(), f = s.ffn(), seq = s.seq();
        int x = b.tensor("input", TensorKind.INPUT, t, h);
        for (int l = 0; l < s.layers(); l++) {
            String p = "encoder.layer." + l + ".";
            int[] w = new int[6];
            int[] bias = new int[6];
            int[][] shapes = {{h, h}, {h, h}, {h, h}, {h, h}, {f, h}, {h, f}};
            for (int j = 0; j < 6; j++) {
                w[j] = b.tensor(p + ROLES[j] + ".weight", TensorKind.WEIGHT, shapes[j][0], shapes[j][1]);
                bias[j] = b.tensor(p + ROLES[j] + ".bias", TensorKind.PARAMETER, 1, shapes[j][0]);
            }
            int ln1g = b.tensor(p + "attention.output.LayerNorm.weight", TensorKind.PARAMETER, 1, h);
            int ln1b = b.tensor(p + "attention.output.LayerNorm.bias", TensorKind.PARAMETER, 1, h);
            int ln2g = b.tensor(p + "output.LayerNorm.weight", TensorKind.PARAMETER, 1, h);
            int ln2b = b.tensor(p + "output.LayerNorm.bias", TensorKind.PARAMETER, 1, h);
            int q = b.tensor("layer" + l + ".q", TensorKind.ACTIVATION, t, h);
            int k = b.tensor("layer" + l + ".k", TensorKind.ACTIVATION, t, h);
            int v = b.tensor("layer" + l + ".v", TensorKind.ACTIVATION, t, h);
            b.linear(l, "layer" + l + ".query", w[0], bias[0], x, q, h, h, t, List.of());
            b.linear(l, "layer" + l + ".key", w[1], bias[1], x, k, h, h, t, List.of());
            b.linear(l, "layer" + l + ".value", w[2], bias[2], x, v, h, h, t, List.of());
            int scores = b.tensor("layer" + l + ".scores", TensorKind.ACTIVATION, s.batch() * s.heads() * seq, seq);
            int probs = b.tensor("layer" + l + ".probs", TensorKind.ACTIVATION, s.batch() * s.heads() * seq, seq);
            int ctx = b.tensor("layer" + l + ".context", TensorKind.ACTIVATION, t, h);
            for (int bi = 0; bi < s.batch(); bi++) {
                for (int hi = 0; hi < s.heads(); hi++) {
                    int row = (bi * s.heads() + hi) * seq;
                    String n = "layer" + l + ".seq" + bi + ".head" + hi;
                    b.stages.add(new LoweredModel.Gemm(n + ".scores", l, GemmKind.ATTENTION_SCORES, seq, seq, d,
                            new OperandView(q, bi * seq, hi * d, false), new OperandView(k, bi * seq, hi * d, true),
                            new OperandView(scores, row, 0, false), false, -1, List.of()));
                }
            }
            b.stages.add(new LoweredModel.Vector("layer" + l + ".softmax", l, VectorKind.SOFTMAX, List.of(scores), probs,
                    0, s.batch() * s.heads() * seq, seq, 1.0 / Math.sqrt(d), 0, s.causal()));
            for (int bi = 0; bi < s.batch(); bi++) {
                for (int hi = 0; hi < s.heads(); hi++) {
                    int row = (bi * s.heads() + hi) * seq;
                    String n = "layer" + l + ".seq" + bi + ".head" + hi;
                    b.stages.add(new LoweredModel.Gemm(n + ".context", l, GemmKind.ATTENTION_CONTEXT, seq, d, seq,
                            new OperandView(probs, row, 0, false), new OperandView(v, bi * seq, hi * d, false),
                            new OperandView(ctx, bi * seq, hi * d, false), false, -1, List.of()));
                }
            }
            int attn = b.tensor("layer" + l + ".attention_output", TensorKind.ACTIVATION, t, h);
            b.linear(l, "layer" + l + ".attention_output", w[3], bias[3], ctx, attn, h, h, t, List.of());
            int res1 = b.tensor("layer" + l + ".residual1", TensorKind.ACTIVATION, t, h);
            b.stages.add(new LoweredModel.Vector("layer" + l + ".residual1", l, VectorKind.ADD, List.of(attn, x), res1, 0, t, h, 1, 0, false));
            int h1 = b.tensor("layer" + l + ".ln1", TensorKind.ACTIVATION, t, h);
            b.stages.add(new LoweredModel.Vector("layer" + l + ".ln1", l, VectorKind.LAYERNORM, List.of(res1, ln1g, ln1b), h1, 0, t, h, 1, s.layerNormEps(), false));
            int inter = b.tensor("layer" + l + ".intermediate", TensorKind.ACTIVATION, t, f);
            b.linear(l, "layer" + l + ".intermediate", w[4], bias[4], h1, inter, f, h, t, List.of(VectorKind.GELU));
            int out = b.tensor("layer" + l + ".output", TensorKind.ACTIVATION, t, h);
            b.linear(l, "layer" + l + ".output", w[5], bias[5], inter, out, h, f, t, List.of());
            int res2 = b.tensor("layer" + l + ".residual2", TensorKind.ACTIVATION, t, h);
            b.stages.add(new LoweredModel.Vector("layer" + l + ".residual2", l, VectorKind.ADD, List.of(out, h1), res2, 0, t, h, 1, 0, false));
            boolean last = l == s.layers() - 1;
            int h2 = b.tensor(last ? "output" : "layer" + l + ".ln2", last ? TensorKind.OUTPUT : TensorKind.ACTIVATION, t, h);
            b.stages.add(new LoweredModel.Vector("layer" + l + ".ln2", l, VectorKind.LAYERNORM, List.of(res2, ln2g, ln2b), h2, 0, t, h, 1, s.layerNormEps(), false));
            x = h2;
        }
        return new LoweredModel(s, b.tensors, b.stages);
    }

    /**
     * A single GEMM C[M×N] = W[M×K]·Xᵀ (X is [N, K]) as a one-stage model, for tests and the
     * {@code --gemm M,N,K} option: the weight is N:M sparse when the program's pattern is.
     */
    public static LoweredModel singleGemm(int m, int n, int k) {
        return singleGemm(new GemmShape(m, n, k));
    }

    /** One Linear C[M×N] = W[M×K]·Xᵀ. */
    public static LoweredModel singleGemm(GemmShape shape) {
        int m = shape.m(), n = shape.n(), k = shape.k();
        Builder b = new Builder();
        int x = b.tensor("input", TensorKind.INPUT, n, k);
        int w = b.tensor("gemm.weight", TensorKind.WEIGHT, m, k);
        int y = b.tensor("output", TensorKind.OUTPUT, n, m);
        b.linear(0, "gemm", w, -1, x, y, m, k, n, List.of());
        return new LoweredModel(shape.toModelShape(), b.tensors, b.stages);
    }

    private static final class Builder {
        final List<LoweredModel.Tensor> tensors = new ArrayList<>();
        final List<LoweredModel.Stage> stages = new ArrayList<>();

        int tensor(String name, TensorKind kind, int rows, int cols) {
            tensors.add(new LoweredModel.Tensor(tensors.size(), name, kind, rows, cols));
            return tensors.size() - 1;
        }

        /** y[T, out] = x[T, in]·Wᵀ + bias as C = W·Xᵀ: M = out, N = tokens, K = in. */
        void linear(int layer, String name, int w, int bias, int x, int y, int out, int in, int tokens, List<VectorKind> after) {
            List<VectorKind> epi = new ArrayList<>();
            if (bias >= 0) epi.add(VectorKind.BIAS);
            epi.addAll(after);
            stages.add(new LoweredModel.Gemm(name, layer, GemmKind.LINEAR, out, tokens, in,
                    new OperandView(w, 0, 0, false), new OperandView(x, 0, 0, true), new OperandView(y, 0, 0, true),
                    true, bias, epi));
        }
    }
}
