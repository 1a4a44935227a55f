package org.nxm.model.transformer;

import org.nxm.model.tensor.Matrix;

/**
 * Sees the input of every Linear layer just before the encoder applies it: calibration data for
 * pruning (Wanda's column norms, SparseGPT/ADMM's XXᵀ). {@code input} is {@code [batch * seqLen, in]}
 * and includes padding rows; use {@link TokenBatch#realRows} to drop them. Query, key and value share
 * one input matrix. Do not modify {@code input}; copy what you keep. Called from the forward pass's
 * thread, once per Linear per batch, in forward order.
 */
@FunctionalInterface
public interface LinearInputHook {
    void onLinearInput(LinearSpec linear, Matrix input, TokenBatch batch);

    LinearInputHook NONE = (linear, input, batch) -> { };
}
