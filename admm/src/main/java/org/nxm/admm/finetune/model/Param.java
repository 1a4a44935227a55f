package org.nxm.admm.finetune.model;

import org.nxm.model.tensor.Matrix;

/**
 * A trainable tensor with its gradient. Vectors (biases, LayerNorm) are {@code [1, n]} matrices.
 * {@link #forwardValue()} is what the forward pass multiplies by: normally the value itself, but a
 * sparse-training method may substitute a projected copy (SR-STE's sparse forward with dense weights).
 */
public final class Param {
    private final String name;
    private final Matrix value;
    private final Matrix grad;
    private final boolean decayed;
    private Matrix forwardOverride;

    public Param(String name, Matrix value, boolean decayed) {
        this.name = name;
        this.value = value;
        this.grad = new Matrix(value.rows(), value.cols());
        this.decayed = decayed;
    }

    public String name() { return name; }
    public Matrix value() { return value; }
    public Matrix grad() { return grad; }
    /** Whether AdamW applies weight decay (weights yes; biases and LayerNorm no, as in BERT). */
    public boolean decayed() { return decayed; }
    public int size() { return value.data().length; }

    public Matrix forwardValue() { return forwardOverride != null ? forwardOverride : value; }
    public void setForwardOverride(Matrix m) {
        if (m != null && !m.sameShape(value)) throw new IllegalArgumentException(name + ": override shape differs");
        forwardOverride = m;
    }

    public void zeroGrad() { java.util.Arrays.fill(grad.data(), 0f); }

    @Override
    public String toString() { return name + "[" + value.rows() + "x" + value.cols() + "]"; }
}
