package org.nxm.admm.finetune.nn;

import org.nxm.model.tensor.MatMul;
import org.nxm.model.tensor.Matrix;

/** A Linear layer y = x·Wᵀ + b with W stored {@code [out, in]} (Hugging Face layout). */
public final class Linear {
    private Linear() {}

    /** x {@code [T, in]}, w {@code [out, in]}, bias length out. */
    public static Matrix forward(Matrix x, Matrix w, float[] bias) {
        Matrix y = x.matmulTransposed(w);
        float[] yd = y.data();
        int out = w.rows();
        for (int r = 0, base = 0; r < y.rows(); r++, base += out) {
            for (int j = 0; j < out; j++) yd[base + j] += bias[j];
        }
        return y;
    }

    /**
     * Backward of {@link #forward}: adds dyᵀ·x to {@code dw} and the column sums of dy to {@code db}
     * (either may be null when that gradient is not wanted) and returns dx = dy·W.
     */
    public static Matrix backward(Matrix dy, Matrix x, Matrix w, Matrix dw, float[] db) {
        if (dw != null) {
            Matrix g = MatMul.multiplyTransposedA(dy, x); // dyᵀ·x without materialising dyᵀ
            float[] gd = g.data(), dwd = dw.data();
            for (int i = 0; i < gd.length; i++) dwd[i] += gd[i];
        }
        if (db != null) {
            float[] d = dy.data();
            int out = dy.cols();
            for (int r = 0, base = 0; r < dy.rows(); r++, base += out) {
                for (int j = 0; j < out; j++) db[j] += d[base + j];
            }
        }
        return dy.matmul(w);
    }
}
