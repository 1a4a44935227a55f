package org.nxm.admm.calibration;

/**
 * What each Linear's layer-wise fit reproduces during sequential calibration. With X the dense model's
 * input to a Linear and X̂ the input after the already-pruned earlier Linears:
 */
public enum CalibrationTarget {
    /** min ‖X̂W₀ᵀ − X̂Wᵀ‖: the dense weight on the pruned model's inputs (SparseGPT's sequential recipe). */
    PRUNED_INPUTS,
    /** min ‖XW₀ᵀ − XWᵀ‖: the dense model's inputs, every layer pruned on its own. */
    DENSE_INPUTS,
    /**
     * min ‖XW₀ᵀ − X̂Wᵀ‖² + λ‖W − W₀‖²_D: the dense model's outputs from the pruned model's inputs, so a
     * layer also corrects the error of the layers before it. The same quadratic in W as PRUNED_INPUTS
     * (Hessian X̂ᵀX̂) around a corrected target (X̂ᵀX̂ + λD)⁻¹(X̂ᵀX + λD)W₀ᵀ, D = mean(diag X̂ᵀX̂)·I.
     */
    DENSE_OUTPUTS
}
