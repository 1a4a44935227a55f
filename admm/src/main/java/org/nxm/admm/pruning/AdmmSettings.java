package org.nxm.admm.pruning;

/**
 * ADMM knobs. ρ is relative to the preconditioned Hessian, whose diagonal is 1.
 *
 * @param damping      λ in H + λ·mean(diag H)·I (as SparseGPT)
 * @param rho0         starting penalty
 * @param rhoFactor    ρ multiplier applied at a check (every {@code rhoEvery} iterations) while not converged
 * @param rhoEvery     iterations between checks
 * @param tolerance    {@link Schedule#RESIDUAL} only: stop when ‖W − Z‖/‖W‖ is below this and the support
 *                     has not changed for {@code patience} iterations; ρ also grows while it is above
 * @param patience     {@link Schedule#RESIDUAL}: iterations of unchanged support required to stop;
 *                     {@link Schedule#SUPPORT}: consecutive checks without a support change required to stop
 * @param maxIterations hard cap on ADMM iterations
 * @param refitIterations cap on conjugate-gradient iterations of a least-squares refit on the final
 *                     support; 0 = no refit (the final Z is the result)
 * @param refitTolerance  relative residual at which the refit stops
 * @param schedule     when ρ grows and when to stop
 */
public record AdmmSettings(double damping, double rho0, double rhoFactor, int rhoEvery, double tolerance,
                           int patience, int maxIterations, int refitIterations, double refitTolerance, Schedule schedule) {
    /** When ρ grows and when the iteration stops. */
    public enum Schedule {
        /** ρ grows while the support changes or the primal residual is ≥ tolerance (the schedule before issue 16). */
        RESIDUAL,
        /** ρ grows only while the support changes; stop after {@code patience} checks without a change. */
        SUPPORT
    }

    /** The old arity: the {@link Schedule#RESIDUAL} schedule. */
    public AdmmSettings(double damping, double rho0, double rhoFactor, int rhoEvery, double tolerance,
                        int patience, int maxIterations, int refitIterations, double refitTolerance) {
        this(damping, rho0, rhoFactor, rhoEvery, tolerance, patience, maxIterations, refitIterations, refitTolerance, Schedule.RESIDUAL);
    }

    /**
     * ρ₀ = 0.1 growing ×1.3 every 3 iterations only while the support changes, stop after 5 checks without
     * a change or 300 iterations, no refit (issue 16: what transfers to held-out data; see the admm README).
     */
    public static AdmmSettings defaults() {
        return new AdmmSettings(0.01, 0.1, 1.3, 3, 1e-3, 5, 300, 0, 1e-4, Schedule.SUPPORT);
    }

    /** The settings before issue 16: residual-driven ρ, 60 iterations, conjugate-gradient refit. */
    public static AdmmSettings legacy() {
        return new AdmmSettings(0.01, 0.1, 1.3, 3, 1e-3, 3, 60, 30, 1e-4, Schedule.RESIDUAL);
    }

    public AdmmSettings withRefitIterations(int k) {
        return new AdmmSettings(damping, rho0, rhoFactor, rhoEvery, tolerance, patience, maxIterations, k, refitTolerance, schedule);
    }

    public AdmmSettings withMaxIterations(int k) {
        return new AdmmSettings(damping, rho0, rhoFactor, rhoEvery, tolerance, patience, k, refitIterations, refitTolerance, schedule);
    }

    public AdmmSettings withSchedule(Schedule s, int patience) {
        return new AdmmSettings(damping, rho0, rhoFactor, rhoEvery, tolerance, patience, maxIterations, refitIterations, refitTolerance, s);
    }

    public AdmmSettings withDamping(double d) {
        return new AdmmSettings(d, rho0, rhoFactor, rhoEvery, tolerance, patience, maxIterations, refitIterations, refitTolerance, schedule);
    }
}
