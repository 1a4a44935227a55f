package org.nxm.compiler.program;

import org.nxm.model.io.InputException;

/**
 * One GEMM C[M×N] = W[M×K]·Xᵀ compiled on its own ({@code nxm compile --gemm M,N,K}): W is the (N:M)
 * weight, M its output features, N the tokens, K the reduction. A program records it as the
 * {@link ModelShape} named {@value #NAME} ({@link #toModelShape}); {@link ModelShape#asGemm} reads it back.
 */
public record GemmShape(int m, int n, int k) {
    /** The model name a one-GEMM program carries. */
    public static final String NAME = "gemm";

    public GemmShape {
        if (m < 1 || n < 1 || k < 1) throw new InputException("gemm " + m + "," + n + "," + k + ": M, N, K must be >= 1");
    }

    /**
     * The program's model record: one layer, one head, one sequence of N tokens, hidden = K and the
     * feed-forward size = M (so the per-layer tables of a model read sensibly for the GEMM).
     */
    public ModelShape toModelShape() {
        return new ModelShape(NAME, 1, k, 1, m, false, 1, n, 1e-12);
    }
}
