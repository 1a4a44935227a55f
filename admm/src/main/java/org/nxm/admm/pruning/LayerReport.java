package org.nxm.admm.pruning;

/**
 * What happened to one layer. Reconstruction errors are relative, ‖X(W₀ − W)ᵀ‖²_F / ‖XW₀ᵀ‖²_F on the
 * calibration inputs (NaN without calibration data): {@code errorBefore} for the plain magnitude
 * projection of W₀ (the common starting point), {@code errorAfter} for the pruner's result.
 * ADMM fills iterations, the final ρ and the final relative primal residual ‖W − Z‖/‖W‖ and dual
 * residual ρ‖Zₖ − Zₖ₋₁‖/‖W‖ (in its preconditioned coordinates); other methods leave 0 / NaN.
 */
public record LayerReport(String name, String method, int rows, int cols, int iterations, double finalRho,
                          double primalResidual, double dualResidual, double errorBefore, double errorAfter,
                          double seconds) {}
