package org.nxm.compiler.program;

/** What a GEMM comes from. */
public enum GemmKind {
    /** A Linear layer: C = W·Xᵀ with the (possibly N:M) weight W as operand A. */
    LINEAR,
    /** Attention scores of one (sequence, head): S = Q·Kᵀ, dense. */
    ATTENTION_SCORES,
    /** Attention context of one (sequence, head): O = P·V, dense. */
    ATTENTION_CONTEXT
}
