package org.nxm.admm.finetune.nn;

import org.nxm.model.tensor.Matrix;

/** Mean squared error of a regression head {@code [B, 1]} against targets (STS-B scores). */
public final class MeanSquaredError {
    private MeanSquaredError() {}

    public static SoftmaxCrossEntropy.Result of(Matrix predictions, float[] targets) {
        return of(predictions, targets, null, 0);
    }

    /**
     * With a teacher's predictions {@code [B, 1]}: (1 − α)·MSE(targets) + α·MSE(teacher), distillation
     * for a regression head (no temperature: the teacher's output is already a score).
     */
    public static SoftmaxCrossEntropy.Result of(Matrix predictions, float[] targets, Matrix teacher, double alpha) {
        int b = predictions.rows();
        if (predictions.cols() != 1) throw new IllegalArgumentException("regression head must have one output");
        double hard = teacher == null ? 1 : 1 - alpha;
        Matrix grad = new Matrix(b, 1);
        double loss = 0;
        for (int i = 0; i < b; i++) {
            double p = predictions.data()[i], e = p - targets[i];
            double g = hard * 2 * e;
            loss += hard * e * e;
            if (teacher != null) {
                double et = p - teacher.data()[i];
                loss += alpha * et * et;
                g += alpha * 2 * et;
            }
            grad.data()[i] = (float) (g / b);
        }
        return new SoftmaxCrossEntropy.Result(loss / b, grad);
    }
}
