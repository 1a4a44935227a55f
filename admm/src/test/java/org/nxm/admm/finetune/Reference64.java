package org.nxm.admm.finetune;

import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.special.Erf;

/**
 * An independent float64 reference of the encoder, written the plain way: a padded batch
 * {@code [B][L]}, attention with an additive −∞ mask on padded keys, masked mean pooling, exact GELU
 * through Commons Math's erf. The float32 training code (packed sequences, its own erf) is checked
 * against central finite differences of these functions.
 */
final class Reference64 {
    private Reference64() {}

    static double[][] linear(double[][] x, double[][] w, double[] b) {
        double[][] y = new double[x.length][w.length];
        for (int t = 0; t < x.length; t++) {
            for (int o = 0; o < w.length; o++) {
                double s = b[o];
                for (int i = 0; i < w[o].length; i++) s += x[t][i] * w[o][i];
                y[t][o] = s;
            }
        }
        return y;
    }

    static double[][] layerNorm(double[][] x, double[] g, double[] b, double eps) {
        double[][] y = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            int n = x[t].length;
            double mean = 0, var = 0;
            for (double v : x[t]) mean += v;
            mean /= n;
            for (double v : x[t]) var += (v - mean) * (v - mean);
            var /= n;
            y[t] = new double[n];
            for (int j = 0; j < n; j++) y[t][j] = (x[t][j] - mean) / Math.sqrt(var + eps) * g[j] + b[j];
        }
        return y;
    }

    static double gelu(double x) {
        return 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2)));
    }

    static double[][] gelu(double[][] x) {
        double[][] y = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            y[t] = new double[x[t].length];
            for (int j = 0; j < x[t].length; j++) y[t][j] = gelu(x[t][j]);
        }
        return y;
    }

    /** Attention for one padded sequence: rows are its L positions, mask[j] = 0 hides key j. */
    static double[][] attention(double[][] q, double[][] k, double[][] v, int[] mask, int heads) {
        int len = q.length, hidden = q[0].length, d = hidden / heads;
        double[][] ctx = new double[len][hidden];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < len; i++) {
                double[] s = new double[len];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < len; j++) {
                    double dot = 0;
                    for (int c = 0; c < d; c++) dot += q[i][h * d + c] * k[j][h * d + c];
                    s[j] = dot / Math.sqrt(d) + (mask[j] == 0 ? -1e30 : 0);
                    max = Math.max(max, s[j]);
                }
                double sum = 0;
                for (int j = 0; j < len; j++) {
                    s[j] = Math.exp(s[j] - max);
                    sum += s[j];
                }
                for (int j = 0; j < len; j++) {
                    for (int c = 0; c < d; c++) ctx[i][h * d + c] += s[j] / sum * v[j][h * d + c];
                }
            }
        }
        return ctx;
    }

    static double[] meanPool(double[][] h, int[] mask) {
        double[] out = new double[h[0].length];
        int n = 0;
        for (int t = 0; t < h.length; t++) {
            if (mask[t] == 0) continue;
            n++;
            for (int j = 0; j < out.length; j++) out[j] += h[t][j];
        }
        for (int j = 0; j < out.length; j++) out[j] /= n;
        return out;
    }

    static double[][] add(double[][] a, double[][] b) {
        double[][] y = new double[a.length][];
        for (int t = 0; t < a.length; t++) {
            y[t] = new double[a[t].length];
            for (int j = 0; j < a[t].length; j++) y[t][j] = a[t][j] + b[t][j];
        }
        return y;
    }

    /** Pooled sentence embeddings {@code [B][hidden]} of a padded batch under tensors by HF name. */
    static double[][] pooled(Map<String, double[][]> p, int layers, int heads, double eps,
                             int[][] ids, int[][] types, int[][] mask) {
        double[][] out = new double[ids.length][];
        for (int b = 0; b < ids.length; b++) {
            int len = ids[b].length;
            double[][] x = new double[len][];
            for (int t = 0; t < len; t++) {
                double[] w = p.get("embeddings.word_embeddings.weight")[ids[b][t]];
                double[] pos = p.get("embeddings.position_embeddings.weight")[t];
                double[] ty = p.get("embeddings.token_type_embeddings.weight")[types[b][t]];
                x[t] = new double[w.length];
                for (int j = 0; j < w.length; j++) x[t][j] = w[j] + pos[j] + ty[j];
            }
            x = layerNorm(x, p.get("embeddings.LayerNorm.weight")[0], p.get("embeddings.LayerNorm.bias")[0], eps);
            for (int l = 0; l < layers; l++) {
                String pre = "encoder.layer." + l + ".";
                double[][] q = lin(p, pre + "attention.self.query", x);
                double[][] k = lin(p, pre + "attention.self.key", x);
                double[][] v = lin(p, pre + "attention.self.value", x);
                double[][] a = lin(p, pre + "attention.output.dense", attention(q, k, v, mask[b], heads));
                double[][] h1 = layerNorm(add(a, x), p.get(pre + "attention.output.LayerNorm.weight")[0],
                        p.get(pre + "attention.output.LayerNorm.bias")[0], eps);
                double[][] f = lin(p, pre + "output.dense", gelu(lin(p, pre + "intermediate.dense", h1)));
                x = layerNorm(add(f, h1), p.get(pre + "output.LayerNorm.weight")[0], p.get(pre + "output.LayerNorm.bias")[0], eps);
            }
            out[b] = meanPool(x, mask[b]);
        }
        return out;
    }

    private static double[][] lin(Map<String, double[][]> p, String name, double[][] x) {
        return linear(x, p.get(name + ".weight"), p.get(name + ".bias")[0]);
    }

    static double crossEntropy(double[][] logits, int[] labels) {
        double loss = 0;
        for (int i = 0; i < logits.length; i++) loss -= Math.log(softmax(logits[i], 1)[labels[i]]);
        return loss / logits.length;
    }

    static double distillation(double[][] logits, double[][] teacher, double temperature) {
        double loss = 0;
        for (int i = 0; i < logits.length; i++) {
            double[] ps = softmax(logits[i], temperature), pt = softmax(teacher[i], temperature);
            for (int j = 0; j < ps.length; j++) loss += pt[j] * Math.log(pt[j] / ps[j]);
        }
        return temperature * temperature * loss / logits.length;
    }

    static double[] softmax(double[] z, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) max = Math.max(max, v / temperature);
        double[] p = new double[z.length];
        double sum = 0;
        for (int j = 0; j < z.length; j++) sum += p[j] = Math.exp(z[j] / temperature - max);
        for (int j = 0; j < z.length; j++) p[j] /= sum;
        return p;
    }

    /** Central difference of f at every entry of x (x is restored). */
    static double[][] numericGradient(double[][] x, ToDoubleFunction<double[][]> f, double h) {
        double[][] g = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            g[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                double keep = x[i][j];
                x[i][j] = keep + h;
                double up = f.applyAsDouble(x);
                x[i][j] = keep - h;
                double down = f.applyAsDouble(x);
                x[i][j] = keep;
                g[i][j] = (up - down) / (2 * h);
            }
        }
        return g;
    }
}
