package org.nxm.compiler.program;

/**
 * How a GEMM operand sits inside a stored tensor: logical element (i, j) of the operand is
 * {@code tensor[row0 + i][col0 + j]}, or {@code tensor[row0 + j][col0 + i]} when {@code transposed}.
 * This lets attention heads (column slices) and Linear layers (C = W·Xᵀ) address stored tensors
 * without copies.
 */
public record OperandView(int tensor, int row0, int col0, boolean transposed) {
    /** Storage (row, col) of logical (i, j). */
    public int storageRow(int i, int j) { return transposed ? row0 + j : row0 + i; }

    public int storageCol(int i, int j) { return transposed ? col0 + i : col0 + j; }

    /** The storage rectangle holding logical region r. */
    public Region storage(Region r) {
        return transposed ? new Region(row0 + r.col0(), r.cols(), col0 + r.row0(), r.rows())
                : new Region(row0 + r.row0(), r.rows(), col0 + r.col0(), r.cols());
    }
}
