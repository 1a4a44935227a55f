package org.nxm.compiler.program;

import java.util.List;

/**
 * One GEMM C[M×N] = A[M×K]·B[K×N] of the lowered model, with the tiling the compiler chose.
 *
 * @param id index in {@link Program#gemms()}
 * @param name e.g. {@code layer0.attention.query} or {@code layer0.head3.scores}
 * @param layer Transformer layer index
 * @param kind origin
 * @param m rows of C (for a Linear: output features)
 * @param n columns of C (for a Linear: tokens)
 * @param k reduction depth (for a Linear: input features)
 * @param a operand A view (for a Linear the weight tensor, not transposed)
 * @param b operand B view
 * @param c result view
 * @param pattern N:M pattern of A when A is a sparse weight ("2:4"), else null (dense)
 * @param epilogue vector ops fused on the accumulator before the store, in order (BIAS, GELU)
 * @param bias bias tensor id (1×M) for a BIAS epilogue, else -1
 * @param tile the block tile shape: bm × bn output, bk per K-step
 * @param splitK number of K splits computed on different cores and reduced (1 = none)
 * @param partial PARTIAL tensor id [(splitK-1)·M, N] float32: split s (1..splitK-1) at rows (s-1)·M + i; else -1
 * @param mmaCount MMA instructions issued (padded to the MMA shape)
 * @param macs useful multiply-accumulates: M·N·K for dense, M·N·K·n/m for sparse
 * @param estimatedCycles the cost model's estimate for this GEMM alone (all cores)
 */
public record GemmInfo(int id, String name, int layer, GemmKind kind, int m, int n, int k,
                       OperandView a, OperandView b, OperandView c, String pattern,
                       List<VectorKind> epilogue, int bias, TileShape tile, int splitK, int partial,
                       long mmaCount, long macs, long estimatedCycles) {
    public GemmInfo {
        epilogue = List.copyOf(epilogue);
    }

    public boolean sparse() { return pattern != null; }

    /** The N:M pattern of A, or null when dense. */
    public org.nxm.model.sparsity.NmPattern nmPattern() {
        return org.nxm.model.sparsity.NmPattern.parseOrDense(pattern);
    }

    /** Dense multiply-accumulates M·N·K. */
    public long denseMacs() { return (long) m * n * k; }
}
