package org.nxm.admm.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nxm.admm.finetune.model.EncoderDims;
import org.nxm.admm.finetune.model.EncoderParams;
import org.nxm.admm.finetune.model.LabeledBatch;
import org.nxm.admm.finetune.model.Param;
import org.nxm.admm.finetune.model.SequenceModel;
import org.nxm.admm.finetune.model.TaskHead;
import org.nxm.admm.finetune.nn.Embeddings;
import org.nxm.model.numeric.Erf;
import org.nxm.admm.finetune.nn.Gelu;
import org.nxm.admm.finetune.nn.LayerNorm;
import org.nxm.admm.finetune.nn.Linear;
import org.nxm.admm.finetune.nn.MeanPooling;
import org.nxm.admm.finetune.nn.MeanSquaredError;
import org.nxm.admm.finetune.nn.MultiHeadAttention;
import org.nxm.admm.finetune.nn.PackedSequences;
import org.nxm.admm.finetune.nn.SoftmaxCrossEntropy;
import org.nxm.model.tensor.Matrix;

/**
 * Float32 analytic gradients of every layer type against central finite differences of the
 * independent float64 reference ({@link Reference64}). The tolerance (relative 1e-3 in norm) is far
 * above float32 rounding (~1e-6) and far below what any wrong term in a backward formula produces.
 */
class GradientCheckTest {
    private static final double H = 1e-5;
    private final SplittableRandom rnd = new SplittableRandom(7);

    @Test
    void linear() {
        Matrix x = random(5, 6, 1), w = random(4, 6, 1), g = random(5, 4, 1);
        float[] b = random(1, 4, 1).data();
        Matrix dw = new Matrix(4, 6);
        float[] db = new float[4];
        Matrix dx = Linear.backward(g, x, w, dw, db);
        double[] bd = d(b);
        check(dx, Reference64.numericGradient(d(x), xx -> dot(g, Reference64.linear(xx, d(w), bd)), H));
        check(dw, Reference64.numericGradient(d(w), ww -> dot(g, Reference64.linear(d(x), ww, bd)), H));
        check(new Matrix(1, 4, db), Reference64.numericGradient(new double[][] {bd.clone()},
                bb -> dot(g, Reference64.linear(d(x), d(w), bb[0])), H));
        assertClose(Reference64.linear(d(x), d(w), bd), Linear.forward(x, w, b), 1e-5);
    }

    @Test
    void layerNorm() {
        Matrix x = random(4, 8, 1), g = random(4, 8, 1);
        float[] gamma = random(1, 8, 1).data(), beta = random(1, 8, 1).data();
        float eps = 1e-12f;
        LayerNorm.Cache c = LayerNorm.forward(x, gamma, beta, eps);
        float[] dg = new float[8], dbeta = new float[8];
        Matrix dx = LayerNorm.backward(g, c, gamma, dg, dbeta);
        check(dx, Reference64.numericGradient(d(x), xx -> dot(g, Reference64.layerNorm(xx, d(gamma), d(beta), eps)), H));
        check(new Matrix(1, 8, dg), Reference64.numericGradient(new double[][] {d(gamma)},
                gg -> dot(g, Reference64.layerNorm(d(x), gg[0], d(beta), eps)), H));
        check(new Matrix(1, 8, dbeta), Reference64.numericGradient(new double[][] {d(beta)},
                bb -> dot(g, Reference64.layerNorm(d(x), d(gamma), bb[0], eps)), H));
        assertClose(Reference64.layerNorm(d(x), d(gamma), d(beta), eps), c.output(), 1e-5);
    }

    @Test
    void gelu() {
        Matrix u = random(3, 40, 3), g = random(3, 40, 1);
        check(Gelu.backward(g, u), Reference64.numericGradient(d(u), uu -> dot(g, Reference64.gelu(uu)), H));
        assertClose(Reference64.gelu(d(u)), Gelu.forward(u), 1e-6);
    }

    @Test
    void erfAgainstCommonsMath() {
        for (double x = -6; x <= 6; x += 1e-3) {
            assertEquals(org.apache.commons.math3.special.Erf.erf(x), Erf.erf(x), 2e-7, "erf(" + x + ")");
        }
    }

    @Test
    void attentionWithPaddingMask() {
        // Three sequences of lengths 4, 2, 5 padded to 5: packed attention must equal masked padded attention.
        int heads = 2, hidden = 6, len = 5;
        int[][] mask = {{1, 1, 1, 1, 0}, {1, 1, 0, 0, 0}, {1, 1, 1, 1, 1}};
        int[][] ids = new int[3][len];
        PackedSequences seqs = PackedSequences.fromPadded(ids, null, mask);
        Matrix q = random(seqs.tokens(), hidden, 1), k = random(seqs.tokens(), hidden, 1), v = random(seqs.tokens(), hidden, 1);
        Matrix g = random(seqs.tokens(), hidden, 1);
        MultiHeadAttention.Cache c = MultiHeadAttention.forward(q, k, v, seqs, heads);
        MultiHeadAttention.Grads grads = MultiHeadAttention.backward(g, c, q, k, v, seqs, heads);
        java.util.function.Function<double[][][], double[][]> packedCtx = paddedReference(seqs, mask, len, hidden, heads);
        double[][] qd = d(q), kd = d(k), vd = d(v);
        assertClose(packedCtx.apply(new double[][][] {qd, kd, vd}), c.context(), 1e-5);
        check(grads.dq(), Reference64.numericGradient(qd, qq -> dot(g, packedCtx.apply(new double[][][] {qq, kd, vd})), H));
        check(grads.dk(), Reference64.numericGradient(kd, kk -> dot(g, packedCtx.apply(new double[][][] {qd, kk, vd})), H));
        check(grads.dv(), Reference64.numericGradient(vd, vv -> dot(g, packedCtx.apply(new double[][][] {qd, kd, vv})), H));
    }

    /**
     * The float64 reference of packed attention: pad each packed matrix (Q, K, V) to [B][len], run masked
     * attention per sequence, read back the real rows.
     */
    private static java.util.function.Function<double[][][], double[][]> paddedReference(PackedSequences seqs, int[][] mask,
                                                                                         int len, int hidden, int heads) {
        return qkv -> {
            double[][] ctx = new double[seqs.tokens()][];
            for (int s = 0; s < seqs.sequences(); s++) {
                double[][][] padded = new double[3][len][hidden];
                for (int i = 0; i < seqs.length(s); i++) for (int m = 0; m < 3; m++) padded[m][i] = qkv[m][seqs.start(s) + i];
                double[][] out = Reference64.attention(padded[0], padded[1], padded[2], mask[s], heads);
                for (int i = 0; i < seqs.length(s); i++) ctx[seqs.start(s) + i] = out[i];
            }
            return ctx;
        };
    }

    @Test
    void attentionOnTheVectorKernelPaths() {
        // Head size 32 and sequences of 37, 5 and 33 tokens: the matmul kernels' register-blocked paths and
        // their tails. Forward against the float64 reference; gradients as directional derivatives
        // (central differences of ⟨g, ctx⟩ along a random direction, one per input).
        int heads = 2, hidden = 64, len = 37;
        int[] lengths = {37, 5, 33};
        int[][] mask = new int[3][len];
        for (int s = 0; s < 3; s++) for (int i = 0; i < lengths[s]; i++) mask[s][i] = 1;
        PackedSequences seqs = PackedSequences.fromPadded(new int[3][len], null, mask);
        Matrix q = random(seqs.tokens(), hidden, 1), k = random(seqs.tokens(), hidden, 1), v = random(seqs.tokens(), hidden, 1);
        Matrix g = random(seqs.tokens(), hidden, 1);
        MultiHeadAttention.Cache c = MultiHeadAttention.forward(q, k, v, seqs, heads);
        MultiHeadAttention.Grads grads = MultiHeadAttention.backward(g, c, q, k, v, seqs, heads);
        java.util.function.Function<double[][][], double[][]> packedCtx = paddedReference(seqs, mask, len, hidden, heads);
        double[][][] base = {d(q), d(k), d(v)};
        assertClose(packedCtx.apply(base), c.context(), 2e-5);
        Matrix[] analytic = {grads.dq(), grads.dk(), grads.dv()};
        for (int m = 0; m < 3; m++) {
            double[][] dir = d(random(seqs.tokens(), hidden, 1));
            double[][][] plus = base.clone(), minus = base.clone();
            plus[m] = new double[dir.length][hidden];
            minus[m] = new double[dir.length][hidden];
            for (int i = 0; i < dir.length; i++) {
                for (int j = 0; j < hidden; j++) {
                    plus[m][i][j] = base[m][i][j] + H * dir[i][j];
                    minus[m][i][j] = base[m][i][j] - H * dir[i][j];
                }
            }
            double numeric = (dot(g, packedCtx.apply(plus)) - dot(g, packedCtx.apply(minus))) / (2 * H);
            double exact = dot(analytic[m], dir);
            assertTrue(Math.abs(numeric) > 1e-3, "vacuous directional check " + m);
            assertEquals(numeric, exact, 1e-3 * Math.abs(numeric), "input " + "qkv".charAt(m));
        }
    }

    @Test
    void meanPooling() {
        int[][] mask = {{1, 1, 1, 0}, {1, 0, 0, 0}, {1, 1, 1, 1}};
        PackedSequences seqs = PackedSequences.fromPadded(new int[3][4], null, mask);
        Matrix h = random(seqs.tokens(), 5, 1), g = random(3, 5, 1);
        Matrix dh = MeanPooling.backward(g, seqs);
        java.util.function.ToDoubleFunction<double[][]> f = hh -> {
            double sum = 0;
            for (int s = 0; s < 3; s++) {
                double[][] padded = new double[4][5];
                for (int i = 0; i < seqs.length(s); i++) padded[i] = hh[seqs.start(s) + i];
                double[] pooled = Reference64.meanPool(padded, mask[s]);
                for (int j = 0; j < 5; j++) sum += g.get(s, j) * pooled[j];
            }
            return sum;
        };
        check(dh, Reference64.numericGradient(d(h), f, H));
    }

    @Test
    void embeddings() {
        PackedSequences seqs = PackedSequences.of(new int[][] {{1, 3, 3}, {0, 2}}, new int[][] {{0, 0, 1}, {1, 1}});
        Matrix word = random(4, 3, 1), pos = random(5, 3, 1), type = random(2, 3, 1), g = random(seqs.tokens(), 3, 1);
        Matrix dw = new Matrix(4, 3), dp = new Matrix(5, 3), dt = new Matrix(2, 3);
        Embeddings.backward(g, seqs, dw, dp, dt);
        java.util.function.Function<double[][][], Double> f = t -> {
            double s = 0;
            for (int r = 0; r < seqs.tokens(); r++) {
                for (int j = 0; j < 3; j++) {
                    s += g.get(r, j) * (t[0][seqs.tokenIds()[r]][j] + t[1][seqs.positions()[r]][j] + t[2][seqs.typeIds()[r]][j]);
                }
            }
            return s;
        };
        check(dw, Reference64.numericGradient(d(word), ww -> f.apply(new double[][][] {ww, d(pos), d(type)}), H));
        check(dp, Reference64.numericGradient(d(pos), pp -> f.apply(new double[][][] {d(word), pp, d(type)}), H));
        check(dt, Reference64.numericGradient(d(type), tt -> f.apply(new double[][][] {d(word), d(pos), tt}), H));
    }

    @Test
    void crossEntropyWithDistillation() {
        Matrix logits = random(4, 3, 2), teacher = random(4, 3, 2);
        int[] labels = {0, 2, 1, 2};
        double alpha = 0.6, temp = 2.0;
        SoftmaxCrossEntropy.Result r = SoftmaxCrossEntropy.of(logits, labels, teacher, alpha, temp);
        java.util.function.ToDoubleFunction<double[][]> f = z -> (1 - alpha) * Reference64.crossEntropy(z, labels)
                + alpha * Reference64.distillation(z, d(teacher), temp);
        assertEquals(f.applyAsDouble(d(logits)), r.loss(), 1e-6);
        check(r.dLogits(), Reference64.numericGradient(d(logits), f, H));
        SoftmaxCrossEntropy.Result hard = SoftmaxCrossEntropy.of(logits, labels);
        check(hard.dLogits(), Reference64.numericGradient(d(logits), z -> Reference64.crossEntropy(z, labels), H));
    }

    @Test
    void meanSquaredError() {
        Matrix pred = random(5, 1, 2);
        float[] target = random(1, 5, 2).data();
        SoftmaxCrossEntropy.Result r = MeanSquaredError.of(pred, target);
        java.util.function.ToDoubleFunction<double[][]> f = p -> {
            double s = 0;
            for (int i = 0; i < 5; i++) s += (p[i][0] - target[i]) * (p[i][0] - target[i]);
            return s / 5;
        };
        assertEquals(f.applyAsDouble(d(pred)), r.loss(), 1e-6);
        check(r.dLogits(), Reference64.numericGradient(d(pred), f, H));
    }

    @Test
    void meanSquaredErrorWithDistillation() {
        Matrix pred = random(5, 1, 2), teacher = random(5, 1, 2);
        float[] target = random(1, 5, 2).data();
        double alpha = 0.3;
        SoftmaxCrossEntropy.Result r = MeanSquaredError.of(pred, target, teacher, alpha);
        java.util.function.ToDoubleFunction<double[][]> f = p -> {
            double s = 0;
            for (int i = 0; i < 5; i++) {
                s += (1 - alpha) * (p[i][0] - target[i]) * (p[i][0] - target[i]);
                s += alpha * (p[i][0] - teacher.data()[i]) * (p[i][0] - teacher.data()[i]);
            }
            return s / 5;
        };
        assertEquals(f.applyAsDouble(d(pred)), r.loss(), 1e-6);
        check(r.dLogits(), Reference64.numericGradient(d(pred), f, H));
    }

    /** The whole encoder + head, every parameter tensor, classification with KD and regression. */
    @Test
    void wholeModelClassificationWithDistillation() {
        wholeModel(false);
    }

    @Test
    void wholeModelRegression() {
        wholeModel(true);
    }

    private void wholeModel(boolean regression) {
        EncoderDims dims = new EncoderDims(2, 8, 2, 12, 11, 9, 2, 1e-12f);
        EncoderParams enc = scaled(EncoderParams.random(dims, 3));
        TaskHead head = TaskHead.random(8, regression ? 1 : 3, 4);
        for (int i = 0; i < head.weight().size(); i++) head.weight().value().data()[i] *= 25;
        SequenceModel model = new SequenceModel(enc, head);
        int[][] ids = {{2, 5, 7, 1, 0, 0}, {3, 4, 0, 0, 0, 0}, {9, 8, 10, 6, 5, 1}};
        int[][] types = {{0, 0, 1, 1, 0, 0}, {0, 1, 0, 0, 0, 0}, {0, 0, 0, 1, 1, 1}};
        int[][] mask = {{1, 1, 1, 1, 0, 0}, {1, 1, 0, 0, 0, 0}, {1, 1, 1, 1, 1, 1}};
        int[] labels = {2, 0, 1};
        float[] targets = {0.5f, -1.2f, 2.0f};
        Matrix teacher = random(3, 3, 2);
        double alpha = 0.5, temp = 2.0;
        PackedSequences seqs = PackedSequences.fromPadded(ids, types, mask);
        LabeledBatch batch = regression ? LabeledBatch.regression(seqs, targets)
                : new LabeledBatch(seqs, labels, null, teacher);
        model.zeroGrad();
        double loss = model.lossAndGradients(batch, alpha, temp);

        Map<String, double[][]> p = new LinkedHashMap<>();
        for (Param q : model.params()) p.put(q.name(), d(q.value()));
        java.util.function.ToDoubleFunction<Map<String, double[][]>> lossFn = pp -> {
            double[][] pooled = Reference64.pooled(pp, dims.layers(), dims.heads(), dims.layerNormEps(), ids, types, mask);
            double[][] out = Reference64.linear(pooled, pp.get("classifier.weight"), pp.get("classifier.bias")[0]);
            if (regression) {
                double s = 0;
                for (int i = 0; i < 3; i++) s += (out[i][0] - targets[i]) * (out[i][0] - targets[i]);
                return s / 3;
            }
            return (1 - alpha) * Reference64.crossEntropy(out, labels) + alpha * Reference64.distillation(out, d(teacher), temp);
        };
        assertEquals(lossFn.applyAsDouble(p), loss, 1e-5 * Math.max(1, Math.abs(loss)));
        for (Param q : model.params()) {
            double[][] fd = Reference64.numericGradient(p.get(q.name()), x -> lossFn.applyAsDouble(p), H);
            if (q.name().endsWith("attention.self.key.bias")) {
                // Softmax is invariant to q·b_k, the same shift for every key of a query: the true gradient is 0.
                for (int i = 0; i < fd[0].length; i++) {
                    assertEquals(0, fd[0][i], 1e-7);
                    assertEquals(0, q.grad().data()[i], 1e-5);
                }
                continue;
            }
            check(q.name(), q.grad(), fd);
        }
    }

    /**
     * Training with dropout (rate 0.3: embeddings, attention and FFN outputs, classifier input): every
     * parameter tensor's gradient against a central difference of the float32 loss along a random
     * direction, the masks redrawn from the same seed at each evaluation so the loss is one fixed function.
     */
    @Test
    void wholeModelWithDropout() {
        EncoderDims dims = new EncoderDims(2, 8, 2, 12, 11, 9, 2, 1e-12f);
        SequenceModel model = new SequenceModel(scaled(EncoderParams.random(dims, 3)), TaskHead.random(8, 3, 4));
        for (int i = 0; i < model.head().weight().size(); i++) model.head().weight().value().data()[i] *= 25;
        int[][] ids = {{2, 5, 7, 1, 0, 0}, {3, 4, 0, 0, 0, 0}, {9, 8, 10, 6, 5, 1}};
        int[][] types = {{0, 0, 1, 1, 0, 0}, {0, 1, 0, 0, 0, 0}, {0, 0, 0, 1, 1, 1}};
        int[][] mask = {{1, 1, 1, 1, 0, 0}, {1, 1, 0, 0, 0, 0}, {1, 1, 1, 1, 1, 1}};
        LabeledBatch batch = new LabeledBatch(PackedSequences.fromPadded(ids, types, mask), new int[] {2, 0, 1}, null, null);
        java.util.function.DoubleSupplier loss = () -> {
            model.zeroGrad();
            return model.lossAndGradients(batch, 0, 1, new org.nxm.admm.finetune.nn.Dropout(0.3, 5));
        };
        double withDropout = loss.getAsDouble();
        Map<String, float[]> grads = new LinkedHashMap<>();
        for (Param q : model.params()) grads.put(q.name(), q.grad().data().clone());
        model.zeroGrad();
        assertTrue(Math.abs(model.lossAndGradients(batch, 0, 1) - withDropout) > 1e-3, "dropout changed nothing");
        double h = 1e-3;
        for (Param q : model.params()) {
            if (q.name().endsWith("attention.self.key.bias")) continue; // true gradient 0 (softmax shift invariance)
            float[] v = q.value().data(), g = grads.get(q.name());
            float[] saved = v.clone();
            double[] dir = new double[v.length];
            double analytic = 0, norm = 0;
            for (int i = 0; i < v.length; i++) {
                dir[i] = rnd.nextDouble() - 0.5;
                analytic += g[i] * dir[i];
                norm += g[i] * g[i];
            }
            for (int i = 0; i < v.length; i++) v[i] = (float) (saved[i] + h * dir[i]);
            double plus = loss.getAsDouble();
            for (int i = 0; i < v.length; i++) v[i] = (float) (saved[i] - h * dir[i]);
            double minus = loss.getAsDouble();
            System.arraycopy(saved, 0, v, 0, v.length);
            double numeric = (plus - minus) / (2 * h);
            assertTrue(Math.sqrt(norm) > 1e-4, q.name() + ": gradient ~0, the check would be vacuous");
            assertEquals(numeric, analytic, 2e-2 * Math.max(Math.abs(numeric), 1e-2 * Math.sqrt(norm)), q.name());
        }
    }

    /** Larger weights and non-trivial LayerNorm parameters, so every gradient is well away from zero. */
    private EncoderParams scaled(EncoderParams e) {
        for (Param q : e.all()) {
            float[] v = q.value().data();
            for (int i = 0; i < v.length; i++) {
                if (q.name().endsWith("LayerNorm.weight")) v[i] = (float) (1 + 0.3 * (rnd.nextDouble() - 0.5));
                else if (q.name().endsWith(".bias")) v[i] = (float) (0.2 * (rnd.nextDouble() - 0.5));
                else v[i] *= 25;
            }
        }
        return e;
    }

    // ---- helpers ----

    private Matrix random(int rows, int cols, double scale) {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.data().length; i++) m.data()[i] = (float) (scale * (2 * rnd.nextDouble() - 1));
        return m;
    }

    static double[][] d(Matrix m) {
        double[][] out = new double[m.rows()][m.cols()];
        for (int i = 0; i < m.rows(); i++) for (int j = 0; j < m.cols(); j++) out[i][j] = m.get(i, j);
        return out;
    }

    static double[] d(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }

    static double dot(Matrix g, double[][] y) {
        double s = 0;
        for (int i = 0; i < y.length; i++) for (int j = 0; j < y[i].length; j++) s += g.get(i, j) * y[i][j];
        return s;
    }

    static void check(Matrix analytic, double[][] numeric) {
        check("gradient", analytic, numeric);
    }

    static void check(String what, Matrix analytic, double[][] numeric) {
        double diff = 0, norm = 0, max = 0;
        for (int i = 0; i < numeric.length; i++) {
            for (int j = 0; j < numeric[i].length; j++) {
                double e = analytic.get(i, j) - numeric[i][j];
                diff += e * e;
                norm += numeric[i][j] * numeric[i][j];
                max = Math.max(max, Math.abs(numeric[i][j]));
            }
        }
        assertTrue(max > 1e-6, what + ": numeric gradient is ~0, the check would be vacuous");
        double rel = Math.sqrt(diff / norm);
        assertTrue(rel < 1e-3, what + ": relative error " + rel + " (|g| max " + max + ")");
    }

    static void assertClose(double[][] expected, Matrix actual, double tol) {
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                assertEquals(expected[i][j], actual.get(i, j), tol * Math.max(1, Math.abs(expected[i][j])), "[" + i + "," + j + "]");
            }
        }
    }
}
