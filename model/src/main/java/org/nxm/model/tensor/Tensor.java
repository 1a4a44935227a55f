package org.nxm.model.tensor;

import java.util.Arrays;

/**
 * A named-free dense float32 tensor of any rank, row-major. Weights of a model are kept as tensors so
 * their exact shapes ([384] for a bias, [out, in] for a Linear weight) survive export to safetensors.
 * The data array is shared, not copied: {@link #asMatrix()} is a view over the same floats.
 */
public record Tensor(int[] shape, float[] data) {
    public Tensor {
        shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " floats, got " + data.length);
        }
    }

    public static Tensor of(Matrix m) {
        return new Tensor(new int[] {m.rows(), m.cols()}, m.data());
    }

    public static Tensor vector(float[] v) {
        return new Tensor(new int[] {v.length}, v);
    }

    @Override
    public int[] shape() { return shape.clone(); }

    public int rank() { return shape.length; }

    public int dim(int i) { return shape[i]; }

    public int size() { return data.length; }

    /** A 2-D view sharing the data; a 1-D tensor becomes one row. */
    public Matrix asMatrix() {
        if (shape.length == 2) return new Matrix(shape[0], shape[1], data);
        if (shape.length == 1) return new Matrix(1, shape[0], data);
        throw new IllegalStateException("tensor of rank " + shape.length + " is not a matrix");
    }

    public Tensor copy() { return new Tensor(shape, data.clone()); }

    public boolean hasShape(int... expected) { return Arrays.equals(shape, expected); }

    public String shapeString() { return Arrays.toString(shape); }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() { return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data); }

    @Override
    public String toString() { return "Tensor" + shapeString(); }
}
