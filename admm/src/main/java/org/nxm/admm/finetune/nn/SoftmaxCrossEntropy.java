package org.nxm.admm.finetune.nn;

import org.nxm.model.tensor.Matrix;

/**
 * Mean softmax cross-entropy over a batch of logits {@code [B, C]}, optionally blended with a
 * knowledge-distillation term against a teacher's logits (Hinton et al.): loss = (1 − α)·CE(y) +
 * α·T²·KL(softmax(t/T) ‖ softmax(s/T)). T² keeps the soft term's gradient on the scale of the hard one.
 */
public final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {}

    /** The mean loss and its gradient with respect to the logits. */
    public record Result(double loss, Matrix dLogits) {}

    public static Result of(Matrix logits, int[] labels) {
        return of(logits, labels, null, 0.0, 1.0);
    }

    public static Result of(Matrix logits, int[] labels, Matrix teacher, double alpha, double temperature) {
        int b = logits.rows(), c = logits.cols();
        float[] z = logits.data();
        Matrix grad = new Matrix(b, c);
        float[] g = grad.data();
        double loss = 0;
        double hard = teacher == null ? 1.0 : 1.0 - alpha;
        for (int i = 0; i < b; i++) {
            double[] p = softmax(z, i * c, c, 1.0);
            if (labels[i] < 0 || labels[i] >= c) throw new IllegalArgumentException("label " + labels[i] + " outside 0.." + (c - 1));
            loss += hard * -Math.log(Math.max(p[labels[i]], 1e-300));
            for (int j = 0; j < c; j++) g[i * c + j] = (float) (hard * (p[j] - (j == labels[i] ? 1 : 0)) / b);
            if (teacher != null) {
                double[] ps = softmax(z, i * c, c, temperature);
                double[] pt = softmax(teacher.data(), i * c, c, temperature);
                double kl = 0;
                for (int j = 0; j < c; j++) {
                    if (pt[j] > 0) kl += pt[j] * (Math.log(pt[j]) - Math.log(Math.max(ps[j], 1e-300)));
                    // d/dz_j of T²·KL = T·(ps_j − pt_j)
                    g[i * c + j] += (float) (alpha * temperature * (ps[j] - pt[j]) / b);
                }
                loss += alpha * temperature * temperature * kl;
            }
        }
        return new Result(loss / b, grad);
    }

    static double[] softmax(float[] z, int base, int c, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) max = Math.max(max, z[base + j] / temperature);
        double[] p = new double[c];
        double sum = 0;
        for (int j = 0; j < c; j++) {
            p[j] = Math.exp(z[base + j] / temperature - max);
            sum += p[j];
        }
        for (int j = 0; j < c; j++) p[j] /= sum;
        return p;
    }
}
