package org.nxm.admm.finetune.nn;

import java.util.stream.IntStream;
import org.nxm.model.numeric.RowKernels;
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
        // The model module's row kernel (one LayerNorm for encoder, simulator and trainer), keeping x̂ and 1/σ.
        rows(x).forEach(r -> rstd[r] = RowKernels.layerNorm(xd, r * n, y, r * n, n, gamma, beta, eps, xhat, r * n));
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
