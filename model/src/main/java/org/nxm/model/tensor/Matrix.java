package org.nxm.model.tensor;

import java.util.Arrays;

/**
 * A dense row-major float32 matrix. The backing array is exposed on purpose: kernels (matmul,
 * pruning, encoding, functional simulation) work on it directly. Treat a Matrix as owned by whoever
 * created it; {@link #copy()} before mutating a shared one.
 */
public final class Matrix {
    private final int rows;
    private final int cols;
    private final float[] data;

    public Matrix(int rows, int cols) {
        this(rows, cols, new float[checkedSize(rows, cols)]);
    }

    public Matrix(int rows, int cols, float[] data) {
        if (data.length != checkedSize(rows, cols)) {
            throw new IllegalArgumentException("data length " + data.length + " != " + rows + "x" + cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    private static int checkedSize(int rows, int cols) {
        if (rows < 0 || cols < 0) throw new IllegalArgumentException("negative shape " + rows + "x" + cols);
        long n = (long) rows * cols;
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("matrix too large: " + rows + "x" + cols);
        return (int) n;
    }

    public int rows() { return rows; }
    public int cols() { return cols; }
    /** The row-major backing array (not a copy). */
    public float[] data() { return data; }

    public float get(int r, int c) { return data[r * cols + c]; }
    public void set(int r, int c, float v) { data[r * cols + c] = v; }

    public Matrix copy() { return new Matrix(rows, cols, data.clone()); }

    public Matrix transpose() {
        Matrix t = new Matrix(cols, rows);
        float[] td = t.data;
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) td[c * rows + r] = data[base + c];
        }
        return t;
    }

    /** Rows [from, to) as a new matrix. */
    public Matrix rowSlice(int from, int to) {
        return new Matrix(to - from, cols, Arrays.copyOfRange(data, from * cols, to * cols));
    }

    /** this · other. */
    public Matrix matmul(Matrix other) {
        return MatMul.multiply(this, other);
    }

    /** this · otherᵀ — the Linear layer form X·Wᵀ for a weight stored [out, in]. */
    public Matrix matmulTransposed(Matrix other) {
        return MatMul.multiplyTransposed(this, other);
    }

    public boolean sameShape(Matrix o) { return rows == o.rows && cols == o.cols; }

    @Override
    public String toString() { return "Matrix[" + rows + "x" + cols + "]"; }
}
