package org.nxm.admm.finetune.nn;

import java.util.stream.IntStream;
import org.nxm.model.tensor.Matrix;

/** LayerNorm over each row: y = γ·(x − μ)/√(σ² + ε) + β, biased variance as in BERT. */
public final class LayerNorm {
    private LayerNorm() {}

    /** What the backward pass needs: the normalised input and 1/σ per row. */
    public record Cache(Matrix output, Matrix normalized, float[] inverseStd) {}

    public static Cache forward(Matrix x, float[] gamma, float[] beta, float eps) {
        int rows = x.rows(), n = x.cols();
        float[] xd = x.data();
        float[] xhat = new float[xd.length], y = new float[xd.length], rstd = new float[rows];
        rows(x).forEach(r -> {
            int base = r * n;
            double mean = 0;
            for (int j = 0; j < n; j++) mean += xd[base + j];
            mean /= n;
            double var = 0;
            for (int j = 0; j < n; j++) {
                double d = xd[base + j] - mean;
                var += d * d;
            }
            var /= n;
            double inv = 1.0 / Math.sqrt(var + eps);
            rstd[r] = (float) inv;
            for (int j = 0; j < n; j++) {
                float h = (float) ((xd[base + j] - mean) * inv);
                xhat[base + j] = h;
                y[base + j] = h * gamma[j] + beta[j];
            }
        });
        return new Cache(new Matrix(rows, n, y), new Matrix(rows, n, xhat), rstd);
    }

    /**
     * dx = (1/σ)·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) with ĝ = dy·γ; adds Σ dy·x̂ to dGamma and Σ dy to dBeta.
     */
    public static Matrix backward(Matrix dy, Cache cache, float[] gamma, float[] dGamma, float[] dBeta) {
        int rows = dy.rows(), n = dy.cols();
        float[] g = dy.data(), xhat = cache.normalized().data(), rstd = cache.inverseStd();
        float[] dx = new float[g.length];
        rows(dy).forEach(r -> {
            int base = r * n;
            double meanG = 0, meanGx = 0;
            for (int j = 0; j < n; j++) {
                double gh = g[base + j] * gamma[j];
                meanG += gh;
                meanGx += gh * xhat[base + j];
            }
            meanG /= n;
            meanGx /= n;
            for (int j = 0; j < n; j++) {
                double gh = g[base + j] * gamma[j];
                dx[base + j] = (float) (rstd[r] * (gh - meanG - xhat[base + j] * meanGx));
            }
        });
        // Parameter gradients summed over rows serially: a parallel sum would need per-thread buffers.
        for (int r = 0; r < rows; r++) {
            int base = r * n;
            for (int j = 0; j < n; j++) {
                dGamma[j] += g[base + j] * xhat[base + j];
                dBeta[j] += g[base + j];
            }
        }
        return new Matrix(rows, n, dx);
    }

    private static IntStream rows(Matrix m) {
        IntStream s = IntStream.range(0, m.rows());
        return (long) m.rows() * m.cols() > 1 << 15 ? s.parallel() : s;
    }
}
