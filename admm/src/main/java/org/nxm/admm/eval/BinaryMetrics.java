package org.nxm.admm.eval;

/** Accuracy and F1 (positive class 1) of binary predictions. */
public record BinaryMetrics(double accuracy, double f1, int count) {
    public static BinaryMetrics of(int[] gold, int[] predicted) {
        int tp = 0, fp = 0, fn = 0, correct = 0;
        for (int i = 0; i < gold.length; i++) {
            if (gold[i] == predicted[i]) correct++;
            if (predicted[i] == 1 && gold[i] == 1) tp++;
            if (predicted[i] == 1 && gold[i] == 0) fp++;
            if (predicted[i] == 0 && gold[i] == 1) fn++;
        }
        double f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
        return new BinaryMetrics((double) correct / gold.length, f1, gold.length);
    }
}
