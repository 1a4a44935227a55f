package org.nxm.compiler.program;

/** A rectangle {@code [row0, row0+rows) × [col0, col0+cols)} of a logical matrix. */
public record Region(int row0, int rows, int col0, int cols) {
    public long elements() { return (long) rows * cols; }

    /** Whether the two rectangles share at least one element (the dependency test of scheduler and validator). */
    public boolean overlaps(Region o) {
        return row0 < o.row0 + o.rows && o.row0 < row0 + rows && col0 < o.col0 + o.cols && o.col0 < col0 + cols;
    }
}
