package org.nxm.admm.pruning;

import org.nxm.admm.linalg.BlockedSolve;
import org.nxm.admm.linalg.Cholesky;
import org.nxm.model.sparsity.NmPattern;

/**
 * The state and the iteration of layer-wise ADMM for min (w − w₀)ᵀH(w − w₀) s.t. w ∈ N:M, for all
 * output rows at once. Iterates are stored transposed, [in, out], so the W-step's right-hand sides
 * are contiguous rows:
 * <pre>
 *   W ← W₀ + ρ (H + ρI)⁻¹ (Z − U − W₀)    (= (H + ρI)⁻¹(H W₀ + ρ(Z − U)); one Cholesky per ρ)
 *   Z ← Π_{N:M}(W + U)
 *   U ← U + W − Z
 * </pre>
 * Public so the benchmark can time one iteration; {@link AdmmPruner} drives the schedule.
 */
public final class AdmmIterations {
    private final double[] h;
    private final int n, out, size;
    private final float[] w0t, w, z, u, g, zNew;
    private boolean[] keep, keepNew;
    private final NmPattern pattern;
    private double rho;
    private double factoredRho = Double.NaN;
    private BlockedSolve solver;
    private double primal = Double.NaN, dual = Double.NaN;

    /**
     * @param h   the (preconditioned, damped) Hessian, float64 [n, n]
     * @param w0t the starting weights, transposed [n, out]
     */
    public AdmmIterations(double[] h, int n, float[] w0t, int out, NmPattern pattern, double rho0) {
        this.h = h;
        this.n = n;
        this.out = out;
        this.size = n * out;
        this.w0t = w0t;
        this.pattern = pattern;
        this.rho = rho0;
        this.w = w0t.clone();
        this.z = new float[size];
        this.u = new float[size];
        this.g = new float[size];
        this.zNew = new float[size];
        this.keep = new boolean[size];
        this.keepNew = new boolean[size];
        NmProjection.project(w0t, z, keep, n, out, pattern);
    }

    /** One W-, Z- and dual step; returns how many mask entries changed. */
    public int iterate() {
        if (rho != factoredRho) {
            double[] a = h.clone();
            for (int j = 0; j < n; j++) a[j * n + j] += rho;
            solver = new BlockedSolve(Cholesky.factor(a, n));
            factoredRho = rho;
        }
        for (int i = 0; i < size; i++) g[i] = z[i] - u[i] - w0t[i];
        solver.solveInPlace(g, out);
        float fr = (float) rho;
        for (int i = 0; i < size; i++) w[i] = w0t[i] + fr * g[i];
        for (int i = 0; i < size; i++) g[i] = w[i] + u[i];
        NmProjection.project(g, zNew, keepNew, n, out, pattern);
        int changes = 0;
        double pr = 0, dz = 0, wn = 0;
        for (int i = 0; i < size; i++) {
            if (keepNew[i] != keep[i]) changes++;
            double ri = w[i] - zNew[i];
            u[i] += (float) ri;
            pr += ri * ri;
            double di = zNew[i] - z[i];
            dz += di * di;
            wn += (double) w[i] * w[i];
        }
        System.arraycopy(zNew, 0, z, 0, size);
        boolean[] t = keep; keep = keepNew; keepNew = t;
        double norm = Math.sqrt(Math.max(wn, 1e-300));
        primal = Math.sqrt(pr) / norm;
        dual = rho * Math.sqrt(dz) / norm;
        return changes;
    }

    /** ρ ← ρ·factor; the scaled dual U = Y/ρ shrinks by the same factor. */
    public void scaleRho(double factor) {
        rho *= factor;
        float s = (float) (1.0 / factor);
        for (int i = 0; i < size; i++) u[i] *= s;
    }

    public double rho() { return rho; }
    /** ‖W − Z‖_F / ‖W‖_F after the last iteration. */
    public double primalResidual() { return primal; }
    /** ρ‖Zₖ − Zₖ₋₁‖_F / ‖W‖_F after the last iteration. */
    public double dualResidual() { return dual; }
    /** The current N:M iterate Z (transposed, not a copy). */
    public float[] z() { return z; }
    /** The current support of Z (transposed, not a copy). */
    public boolean[] keep() { return keep; }
}
