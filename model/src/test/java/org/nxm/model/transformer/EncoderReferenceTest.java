package org.nxm.model.transformer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;
import org.nxm.model.tensor.Matrix;

/**
 * The float32 encoder against a float64 transcription of the BERT block written as plainly as possible
 * (no shared code with {@link Encoder}: own matmul loops, softmax, LayerNorm, Commons Math erf), on small
 * random models with padding, with and without the causal mask.
 */
class EncoderReferenceTest {
    static double[][] reference(TransformerWeights w, TokenBatch batch) {
        TransformerConfig c = w.config();
        int d = c.hidden(), len = batch.seqLen(), rows = batch.rows();
        double[][] h = new double[rows][d];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < d; j++) {
                h[r][j] = w.matrix("embeddings.word_embeddings.weight").get(batch.inputIds()[r], j)
                        + w.matrix("embeddings.position_embeddings.weight").get(r % len, j)
                        + w.matrix("embeddings.token_type_embeddings.weight").get(batch.tokenTypeIds()[r], j);
            }
        }
        h = layerNorm(h, w.vector("embeddings.LayerNorm.weight"), w.vector("embeddings.LayerNorm.bias"), c.layerNormEps());
        for (int i = 0; i < c.layers(); i++) {
            String p = "encoder.layer." + i + ".";
            double[][] q = linear(h, w, p + "attention.self.query"), k = linear(h, w, p + "attention.self.key"), v = linear(h, w, p + "attention.self.value");
            int dh = c.headDim();
            double[][] ctx = new double[rows][d];
            for (int b = 0; b < batch.batchSize(); b++) {
                for (int head = 0; head < c.heads(); head++) {
                    for (int t = 0; t < len; t++) {
                        double[] s = new double[len];
                        double max = Double.NEGATIVE_INFINITY;
                        for (int u = 0; u < len; u++) {
                            boolean visible = batch.isReal(b, u) && (!c.causal() || u <= t);
                            if (!visible) { s[u] = Double.NaN; continue; }
                            double dot = 0;
                            for (int e = 0; e < dh; e++) dot += q[b * len + t][head * dh + e] * k[b * len + u][head * dh + e];
                            s[u] = dot / Math.sqrt(dh);
                            max = Math.max(max, s[u]);
                        }
                        double sum = 0;
                        for (int u = 0; u < len; u++) { s[u] = Double.isNaN(s[u]) ? 0 : Math.exp(s[u] - max); sum += s[u]; }
                        for (int u = 0; u < len; u++) {
                            for (int e = 0; e < dh; e++) ctx[b * len + t][head * dh + e] += s[u] / sum * v[b * len + u][head * dh + e];
                        }
                    }
                }
            }
            double[][] a = add(linear(ctx, w, p + "attention.output.dense"), h);
            a = layerNorm(a, w.vector(p + "attention.output.LayerNorm.weight"), w.vector(p + "attention.output.LayerNorm.bias"), c.layerNormEps());
            double[][] inter = linear(a, w, p + "intermediate.dense");
            for (double[] row : inter) for (int j = 0; j < row.length; j++) row[j] = 0.5 * row[j] * (1 + Erf.erf(row[j] / Math.sqrt(2)));
            double[][] o = add(linear(inter, w, p + "output.dense"), a);
            h = layerNorm(o, w.vector(p + "output.LayerNorm.weight"), w.vector(p + "output.LayerNorm.bias"), c.layerNormEps());
        }
        return h;
    }

    static double[][] linear(double[][] x, TransformerWeights w, String name) {
        Matrix wt = w.linearWeight(name);
        float[] bias = w.linearBias(name);
        double[][] y = new double[x.length][wt.rows()];
        for (int r = 0; r < x.length; r++) {
            for (int o = 0; o < wt.rows(); o++) {
                double s = bias[o];
                for (int i = 0; i < wt.cols(); i++) s += x[r][i] * wt.get(o, i);
                y[r][o] = s;
            }
        }
        return y;
    }

    static double[][] add(double[][] a, double[][] b) {
        for (int r = 0; r < a.length; r++) for (int j = 0; j < a[r].length; j++) a[r][j] += b[r][j];
        return a;
    }

    static double[][] layerNorm(double[][] x, float[] g, float[] b, double eps) {
        double[][] y = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            int d = x[r].length;
            double mean = 0, var = 0;
            for (double v : x[r]) mean += v;
            mean /= d;
            for (double v : x[r]) var += (v - mean) * (v - mean);
            var /= d;
            y[r] = new double[d];
            for (int j = 0; j < d; j++) y[r][j] = (x[r][j] - mean) / Math.sqrt(var + eps) * g[j] + b[j];
        }
        return y;
    }

    static void check(TransformerConfig c, long seed) {
        TransformerWeights w = TransformerWeights.random(c, seed);
        // Larger weights than BERT's init so attention is far from uniform and GELU sees |x| > 3.
        for (var e : w.tensors().entrySet()) {
            if (e.getKey().endsWith(".weight") && !e.getKey().contains("LayerNorm")) {
                float[] a = e.getValue().data();
                for (int i = 0; i < a.length; i++) a[i] *= 10;
            }
        }
        TokenBatch batch = TokenBatch.of(TokenBatch.Sequence.of(1, 17, 42, 99, 3, 2),
                new TokenBatch.Sequence(new int[] {1, 8, 2, 5}, new int[] {0, 0, 1, 1}), TokenBatch.Sequence.of(1, 2));
        Matrix got = new Encoder(w).forward(batch);
        double[][] ref = reference(w, batch);
        double worst = 0;
        for (int r = 0; r < batch.rows(); r++) {
            if (batch.attentionMask()[r] == 0) continue;
            for (int j = 0; j < c.hidden(); j++) worst = Math.max(worst, Math.abs(got.get(r, j) - ref[r][j]));
        }
        assertTrue(worst < 2e-5, c.name() + ": max |float32 - float64| = " + worst);
    }

    @Test
    void matchesFloat64Reference() {
        check(new TransformerConfig("tiny", 2, 48, 4, 96, 100, 16, 2, 1e-12f, false), 11);
    }

    @Test
    void matchesFloat64ReferenceCausal() {
        check(new TransformerConfig("tiny-causal", 2, 48, 4, 96, 100, 16, 2, 1e-5f, true), 12);
    }
}
