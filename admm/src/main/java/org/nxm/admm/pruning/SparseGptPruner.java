package org.nxm.admm.pruning;

import java.util.stream.IntStream;
import org.nxm.admm.linalg.Cholesky;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;

/**
 * SparseGPT (Frantar and Alistarh, 2023) for N:M: H = XᵀX + λ·mean(diag H)·I; the upper Cholesky factor
 * U of H⁻¹ (UᵀU = H⁻¹) drives the column sweep. Columns are processed in blocks; at the start of each
 * group of m columns the n weights with the largest w²/U_jj² are kept, and each pruned column's error
 * (w − q)/U_jj is fed back to the remaining columns of its block through row j of U (OBS update);
 * the block's accumulated errors update the later columns lazily, with one product per block.
 */
public final class SparseGptPruner implements Pruner {
    private final double damping;
    private final int blockSize;

    public SparseGptPruner(double damping, int blockSize) {
        this.damping = damping;
        this.blockSize = blockSize;
    }

    public SparseGptPruner() {
        this(0.01, 128);
    }

    @Override public String name() { return "sparsegpt"; }
    @Override public boolean needsCalibration() { return true; }

    @Override
    public PruneResult prune(LayerProblem p) {
        if (p.gram() == null) throw new IllegalArgumentException(p.name() + ": sparsegpt needs calibration inputs");
        long t0 = System.nanoTime();
        Matrix w0 = p.weight();
        int rows = w0.rows(), n = w0.cols();
        NmPattern pat = p.pattern();
        double[] h = p.gram().damped(damping);
        float[] w = w0.data().clone();
        // A feature never seen in calibration carries no information: its weights are pruned first.
        for (int j = 0; j < n; j++) {
            if (p.gram().xtx()[j * n + j] == 0) for (int r = 0; r < rows; r++) w[r * n + j] = 0f;
        }
        float[] u = upperCholeskyOfInverse(h, n);

        boolean[] keep = new boolean[rows * n];
        int block = Math.max(pat.m(), blockSize / pat.m() * pat.m());
        for (int i1 = 0; i1 < n; i1 += block) {
            int i2 = Math.min(n, i1 + block), count = i2 - i1;
            float[] err = new float[rows * count];
            final int fi1 = i1;
            IntStream.range(0, rows).parallel().forEach(r -> sweepRow(w, keep, err, u, r, fi1, count, n, pat));
            // Lazy update of the columns after the block: W[:, i2:] −= Err · U[i1:i2, i2:].
            if (i2 < n) {
                int rest = n - i2;
                IntStream.range(0, rows).parallel().forEach(r -> {
                    for (int b = 0; b < count; b++) {
                        float e = err[r * count + b];
                        if (e == 0f) continue;
                        int uBase = (fi1 + b) * n + i2;
                        int wBase = r * n + i2;
                        for (int c = 0; c < rest; c++) w[wBase + c] -= e * u[uBase + c];
                    }
                });
            }
        }
        for (int i = 0; i < w.length; i++) if (!keep[i]) w[i] = 0f;
        Matrix out = new Matrix(rows, n, w);
        NmMask mask = new NmMask(rows, n, keep);
        double before = Reconstruction.relativeError(w0, NmMask.magnitude(w0, pat).apply(w0), p.gram());
        double after = Reconstruction.relativeError(w0, out, p.gram());
        return new PruneResult(out, mask, new LayerReport(p.name(), name(), rows, n, 0, Double.NaN,
                Double.NaN, Double.NaN, before, after, (System.nanoTime() - t0) / 1e9));
    }

    /** One row's sweep over columns [i1, i1+count): selection at group starts, quantise, feed the error forward. */
    private static void sweepRow(float[] w, boolean[] keep, float[] err, float[] u, int r, int i1, int count,
                                 int n, NmPattern pat) {
        int m = pat.m();
        int wRow = r * n;
        double[] score = new double[m];
        for (int i = 0; i < count; i++) {
            int col = i1 + i;
            if (i % m == 0) {
                for (int j = 0; j < m; j++) {
                    double wj = w[wRow + col + j];
                    double dj = u[(col + j) * n + col + j];
                    score[j] = wj * wj / (dj * dj);
                }
                int bits = pat.topNMask(score, 0);
                for (int j = 0; j < m; j++) keep[wRow + col + j] = (bits & (1 << j)) != 0;
            }
            float wv = w[wRow + col];
            float q = keep[wRow + col] ? wv : 0f;
            float d = u[col * n + col];
            float e = (wv - q) / d;
            err[r * count + i] = e;
            w[wRow + col] = q;
            if (e != 0f) {
                // W[r, col+1 : i1+count] −= e · U[col, col+1 : i1+count]
                int end = i1 + count;
                int uBase = col * n;
                for (int c = col + 1; c < end; c++) w[wRow + c] -= e * u[uBase + c];
            }
        }
    }

    /**
     * The upper-triangular U with UᵀU = H⁻¹, as float32. With P the reversal permutation, factor
     * PHP = L'L'ᵀ; then H⁻¹ = P L'⁻ᵀ L'⁻¹ P, so U = P L'⁻¹ P (upper, positive diagonal, hence the
     * unique factor). One Cholesky and one triangular inverse instead of inverse-then-Cholesky.
     */
    static float[] upperCholeskyOfInverse(double[] h, int n) {
        double[] rev = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) rev[i * n + j] = h[(n - 1 - i) * n + (n - 1 - j)];
        }
        double[] linv = Cholesky.factor(rev, n).lowerInverse();
        float[] u = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) u[i * n + j] = (float) linv[(n - 1 - i) * n + (n - 1 - j)];
        }
        return u;
    }
}
