package org.nxm.compiler.program;

/** The role of a tensor in the program. */
public enum TensorKind {
    /** The model input (token embeddings after the embedding LayerNorm). */
    INPUT,
    /** An intermediate activation written by one op and read by later ones. */
    ACTIVATION,
    /** A Linear weight {@code [out, in]}, possibly N:M sparse and stored compressed. */
    WEIGHT,
    /** A bias vector or LayerNorm gamma/beta, stored as a 1×n matrix. */
    PARAMETER,
    /** Split-K partial sums (float32/int32) of one GEMM. */
    PARTIAL,
    /** The model output (final hidden states). */
    OUTPUT
}
