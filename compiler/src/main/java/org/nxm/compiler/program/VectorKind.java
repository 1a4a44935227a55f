package org.nxm.compiler.program;

/** Element-wise and row-wise operations of the vector unit. */
public enum VectorKind {
    /** out[i][j] = in[i][j] + bias[j'] (fused into a GEMM epilogue: bias indexed by the weight's output row). */
    BIAS,
    /** tanh-free exact GELU: x·Φ(x) = x/2·(1 + erf(x/√2)). */
    GELU,
    /** Row-wise softmax of scale·x, with future keys masked when causal (query position = row mod cols). */
    SOFTMAX,
    /** Row-wise LayerNorm: (x − mean)/sqrt(var + eps)·gamma + beta (inputs: x, gamma, beta). */
    LAYERNORM,
    /** Element-wise sum of two inputs (the residual connection). */
    ADD;

    /**
     * Vector-unit operations per element, the figure timing models charge: one add for a bias or residual
     * add; GELU's erf polynomial and two multiplies; softmax's max, exponential, sum and scale passes;
     * LayerNorm's mean, variance, normalise and affine passes.
     */
    public int opsPerElement() {
        return switch (this) {
            case BIAS, ADD -> 1;
            case GELU -> 3;
            case SOFTMAX -> 4;
            case LAYERNORM -> 5;
        };
    }
}
