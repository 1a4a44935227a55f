package org.nxm.admm.pruning;

/**
 * ADMM knobs. ρ is relative to the preconditioned Hessian, whose diagonal is 1.
 *
 * @param damping      λ in H + λ·mean(diag H)·I (as SparseGPT)
 * @param rho0         starting penalty
 * @param rhoFactor    ρ multiplier applied every {@code rhoEvery} iterations while not converged
 * @param rhoEvery     iterations between ρ updates
 * @param tolerance    stop when ‖W − Z‖/‖W‖ is below this and the support has not changed for
 *                     {@code patience} iterations
 * @param patience     iterations of unchanged support required to stop
 * @param maxIterations hard cap on ADMM iterations
 * @param refitIterations cap on conjugate-gradient iterations of the final least-squares refit
 * @param refitTolerance  relative residual at which the refit stops
 */
public record AdmmSettings(double damping, double rho0, double rhoFactor, int rhoEvery, double tolerance,
                           int patience, int maxIterations, int refitIterations, double refitTolerance) {
    public static AdmmSettings defaults() {
        return new AdmmSettings(0.01, 0.1, 1.3, 3, 1e-3, 3, 60, 30, 1e-4);
    }
}
