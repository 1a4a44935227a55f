package org.nxm.compiler.program;

/** A rectangle {@code [row0, row0+rows) × [col0, col0+cols)} of a logical matrix. */
public record Region(int row0, int rows, int col0, int cols) {
    public long elements() { return (long) rows * cols; }
}
