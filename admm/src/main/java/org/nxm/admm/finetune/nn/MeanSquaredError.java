package org.nxm.admm.finetune.nn;

import org.nxm.model.tensor.Matrix;

/** Mean squared error of a regression head {@code [B, 1]} against targets (STS-B scores). */
public final class MeanSquaredError {
    private MeanSquaredError() {}

    public static SoftmaxCrossEntropy.Result of(Matrix predictions, float[] targets) {
        int b = predictions.rows();
        if (predictions.cols() != 1) throw new IllegalArgumentException("regression head must have one output");
        Matrix grad = new Matrix(b, 1);
        double loss = 0;
        for (int i = 0; i < b; i++) {
            double e = predictions.data()[i] - targets[i];
            loss += e * e;
            grad.data()[i] = (float) (2 * e / b);
        }
        return new SoftmaxCrossEntropy.Result(loss / b, grad);
    }
}
