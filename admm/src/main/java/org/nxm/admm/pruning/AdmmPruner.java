package org.nxm.admm.pruning;

import org.nxm.admm.linalg.Gemm;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;

/**
 * Layer-wise ADMM: minimise ‖X W₀ᵀ − X Wᵀ‖²_F subject to W ∈ N:M, split as W (unconstrained, quadratic)
 * and Z (on the N:M set) with scaled dual U:
 * <pre>
 *   W ← (H + ρI)⁻¹ (H W₀ + ρ(Z − U))     (rows independent: one Cholesky per ρ, many right-hand sides)
 *   Z ← Π_{N:M}(W + U)
 *   U ← U + W − Z
 * </pre>
 * Diagonal preconditioning: the problem is solved in the coordinates w̃_j = w_j·d_j with
 * d_j = √H_jj, where the Hessian D⁻¹HD⁻¹ has a unit diagonal. That makes one ρ schedule fit every
 * layer, and the projection there keeps the largest |w_j|·‖x_j‖ (Wanda's score) rather than |w_j|.
 * ρ grows by {@code rhoFactor} every {@code rhoEvery} iterations while the support still changes or
 * the primal residual is above tolerance (the scaled dual U is rescaled with it). After stopping, the
 * kept weights are refitted by least squares on the fixed support (batched conjugate gradients).
 *
 * <p>All iterates are kept transposed, [in, out], so the solve's right-hand sides are contiguous rows.
 */
public final class AdmmPruner implements Pruner {
    private final AdmmSettings s;

    public AdmmPruner(AdmmSettings settings) {
        this.s = settings;
    }

    public AdmmPruner() {
        this(AdmmSettings.defaults());
    }

    @Override public String name() { return "admm"; }
    @Override public boolean needsCalibration() { return true; }

    @Override
    public PruneResult prune(LayerProblem p) {
        if (p.gram() == null) throw new IllegalArgumentException(p.name() + ": admm needs calibration inputs");
        long t0 = System.nanoTime();
        Matrix w0 = p.weight();
        int out = w0.rows(), n = w0.cols();
        NmPattern pat = p.pattern();

        double[] hd = p.gram().damped(s.damping());
        double[] d = new double[n];
        for (int j = 0; j < n; j++) d[j] = Math.sqrt(hd[j * n + j]);
        double[] hs = new double[n * n];               // D⁻¹ H D⁻¹, unit diagonal
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) hs[i * n + j] = hd[i * n + j] / (d[i] * d[j]);
        }
        int size = n * out;
        float[] w0t = new float[size];                  // W̃₀ᵀ, [in, out]
        float[] wd = w0.data();
        for (int r = 0; r < out; r++) {
            for (int j = 0; j < n; j++) w0t[j * out + r] = (float) (wd[r * n + j] * d[j]);
        }

        AdmmIterations admm = new AdmmIterations(hs, n, w0t, out, pat, s.rho0());
        int it = run(admm);
        float[] z = admm.z();
        boolean[] keep = admm.keep();
        double rho = admm.rho(), primal = admm.primalResidual(), dual = admm.dualResidual();
        float[] refit = s.refitIterations() > 0 ? refit(z, keep, w0t, hs, n, out) : z;

        float[] res = new float[out * n];
        boolean[] mask = new boolean[out * n];
        for (int j = 0; j < n; j++) {
            float inv = (float) (1.0 / d[j]);
            for (int r = 0; r < out; r++) {
                boolean k = keep[j * out + r];
                mask[r * n + j] = k;
                res[r * n + j] = k ? refit[j * out + r] * inv : 0f;
            }
        }
        Matrix result = new Matrix(out, n, res);
        double before = Reconstruction.relativeError(w0, NmMask.magnitude(w0, pat).apply(w0), p.gram());
        double after = Reconstruction.relativeError(w0, result, p.gram());
        return new PruneResult(result, new NmMask(out, n, mask), new LayerReport(p.name(), name(), out, n, it, rho,
                primal, dual, before, after, (System.nanoTime() - t0) / 1e9));
    }

    /** Iterates under the settings' schedule; returns the number of iterations. */
    private int run(AdmmIterations admm) {
        int it = 0, stable = 0;
        boolean changedInWindow = false;
        while (it < s.maxIterations()) {
            it++;
            int changes = admm.iterate();
            changedInWindow |= changes != 0;
            if (s.schedule() == AdmmSettings.Schedule.RESIDUAL) {
                stable = changes == 0 ? stable + 1 : 0;
                if (stable >= s.patience() && admm.primalResidual() < s.tolerance()) break;
                if (it % s.rhoEvery() == 0) {
                    if (changedInWindow || admm.primalResidual() >= s.tolerance()) admm.scaleRho(s.rhoFactor());
                    changedInWindow = false;
                }
            } else if (it % s.rhoEvery() == 0) {
                // A check: grow ρ only while the support still moves; stop once it has held for `patience` checks.
                if (changedInWindow) {
                    admm.scaleRho(s.rhoFactor());
                    stable = 0;
                } else if (++stable >= s.patience()) {
                    break;
                }
                changedInWindow = false;
            }
        }
        return it;
    }

    /**
     * Least squares on a fixed support: for every output column minimise (w − w₀)ᵀH(w − w₀) over w
     * supported on the mask, by conjugate gradients run for all columns at once (one H·P product per
     * iteration), starting from {@code start}.
     */
    float[] refit(float[] start, boolean[] keep, float[] w0t, double[] hs, int n, int out) {
        int size = n * out;
        float[] h = new float[n * n];
        for (int i = 0; i < h.length; i++) h[i] = (float) hs[i];
        float[] w = start.clone();
        float[] diff = new float[size];
        for (int i = 0; i < size; i++) diff[i] = w0t[i] - w[i];
        float[] r = Gemm.multiply(h, n, n, diff, out);  // −gradient/2 = H(W₀ − W)
        for (int i = 0; i < size; i++) if (!keep[i]) r[i] = 0f;
        float[] pdir = r.clone();
        double[] rr = columnDots(r, r, n, out);
        double[] rr0 = rr.clone();
        boolean[] active = new boolean[out];
        for (int c = 0; c < out; c++) active[c] = rr0[c] > 0;
        double tol2 = s.refitTolerance() * s.refitTolerance();
        for (int k = 0; k < s.refitIterations(); k++) {
            float[] q = Gemm.multiply(h, n, n, pdir, out);
            for (int i = 0; i < size; i++) if (!keep[i]) q[i] = 0f;
            double[] pq = columnDots(pdir, q, n, out);
            float[] alpha = new float[out];
            for (int c = 0; c < out; c++) alpha[c] = active[c] && pq[c] > 0 ? (float) (rr[c] / pq[c]) : 0f;
            for (int j = 0; j < n; j++) {
                int base = j * out;
                for (int c = 0; c < out; c++) {
                    w[base + c] += alpha[c] * pdir[base + c];
                    r[base + c] -= alpha[c] * q[base + c];
                }
            }
            double[] rrNew = columnDots(r, r, n, out);
            float[] beta = new float[out];
            boolean any = false;
            for (int c = 0; c < out; c++) {
                if (active[c] && rrNew[c] <= tol2 * rr0[c]) active[c] = false;
                beta[c] = active[c] && rr[c] > 0 ? (float) (rrNew[c] / rr[c]) : 0f;
                any |= active[c];
            }
            if (!any) break;
            for (int j = 0; j < n; j++) {
                int base = j * out;
                for (int c = 0; c < out; c++) pdir[base + c] = active[c] ? r[base + c] + beta[c] * pdir[base + c] : 0f;
            }
            rr = rrNew;
        }
        return w;
    }

    private static double[] columnDots(float[] a, float[] b, int n, int out) {
        double[] s = new double[out];
        for (int j = 0; j < n; j++) {
            int base = j * out;
            for (int c = 0; c < out; c++) s[c] += (double) a[base + c] * b[base + c];
        }
        return s;
    }
}
