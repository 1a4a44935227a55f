package org.nxm.admm.eval;

import org.nxm.admm.linalg.Cholesky;
import org.nxm.admm.linalg.Gram;

/**
 * L2-regularised binary logistic regression fitted by Newton's method (IRLS): minimises
 * Σᵢ log(1 + exp(−yᵢ(w·xᵢ + b))) + (λ/2)‖w‖² (bias not penalised). Deterministic, no learning rate.
 * Features are standardised with the training mean and deviation first, so one λ suits any
 * embedding scale.
 */
public final class LogisticRegression {
    private final double[] mean;
    private final double[] scale;
    private final double[] w;     // [d] weights then bias at index d

    private LogisticRegression(double[] mean, double[] scale, double[] w) {
        this.mean = mean;
        this.scale = scale;
        this.w = w;
    }

    /** Fits on rows x (n × d) with labels y ∈ {0, 1}. */
    public static LogisticRegression fit(double[][] x, int[] y, double lambda) {
        int n = x.length, d = x[0].length;
        double[] mean = new double[d], scale = new double[d];
        for (double[] row : x) for (int j = 0; j < d; j++) mean[j] += row[j] / n;
        for (double[] row : x) for (int j = 0; j < d; j++) scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
        for (int j = 0; j < d; j++) scale[j] = scale[j] > 0 ? 1.0 / Math.sqrt(scale[j]) : 0.0;
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) z[i] = standardise(x[i], mean, scale);

        int p = d + 1;
        double[] w = new double[p];
        double previous = Double.POSITIVE_INFINITY;
        float[] weighted = new float[n * p];
        for (int iter = 0; iter < 50; iter++) {
            double[] grad = new double[p];
            double loss = 0;
            for (int i = 0; i < n; i++) {
                double s = dot(w, z[i]);
                double prob = 1 / (1 + Math.exp(-s));
                loss += y[i] == 1 ? softplus(-s) : softplus(s);
                double r = prob - y[i];
                double[] zi = z[i];
                for (int a = 0; a < d; a++) grad[a] += r * zi[a];
                grad[d] += r;
                // Row √c·[z, 1] of the weighted design: the Hessian Σ c zzᵀ is its Gram matrix.
                double sc = Math.sqrt(Math.max(prob * (1 - prob), 1e-12));
                for (int a = 0; a < d; a++) weighted[i * p + a] = (float) (sc * zi[a]);
                weighted[i * p + d] = (float) sc;
            }
            for (int a = 0; a < d; a++) {
                loss += 0.5 * lambda * w[a] * w[a];
                grad[a] += lambda * w[a];
            }
            // The gradient is exact (float64); the Hessian only steers Newton's steps, so its float32
            // products (with float64 accumulation) do not move the optimum.
            Gram g = new Gram(p);
            g.add(weighted, n);
            double[] hess = g.matrix();
            for (int a = 0; a < d; a++) hess[a * p + a] += lambda;
            hess[d * p + d] += 1e-9;
            double[] step = Cholesky.factor(hess, p).solve(grad);
            for (int a = 0; a < p; a++) w[a] -= step[a];
            if (Math.abs(previous - loss) <= 1e-9 * Math.max(1, Math.abs(loss))) break;
            previous = loss;
        }
        return new LogisticRegression(mean, scale, w);
    }

    /** P(y = 1 | x). */
    public double probability(double[] x) {
        return 1 / (1 + Math.exp(-dot(w, standardise(x, mean, scale))));
    }

    public int predict(double[] x) {
        return probability(x) >= 0.5 ? 1 : 0;
    }

    private static double[] standardise(double[] x, double[] mean, double[] scale) {
        double[] z = new double[x.length];
        for (int j = 0; j < x.length; j++) z[j] = (x[j] - mean[j]) * scale[j];
        return z;
    }

    /** w·z + bias (the bias is the last entry of w). */
    private static double dot(double[] w, double[] z) {
        double s = w[z.length];
        for (int j = 0; j < z.length; j++) s += w[j] * z[j];
        return s;
    }

    private static double softplus(double t) {
        return t > 30 ? t : Math.log1p(Math.exp(t));
    }
}
