package org.nxm.admm.finetune.train;

import java.util.List;
import org.nxm.admm.finetune.model.SequenceModel;
import org.nxm.model.tensor.Matrix;

/** Accuracy and F1 (positive class 1) of a classifier, and its logits, on labelled examples. */
public final class Evaluation {
    private Evaluation() {}

    public record Scores(int examples, double accuracy, double f1) {}

    /** Head outputs for every example, in order, computed in batches. */
    public static float[][] outputs(SequenceModel model, List<Example> data, int batchSize) {
        float[][] out = new float[data.size()][];
        for (int from = 0; from < data.size(); from += batchSize) {
            int to = Math.min(data.size(), from + batchSize);
            Matrix o = model.outputs(Example.pack(data.subList(from, to)));
            for (int i = from; i < to; i++) {
                out[i] = java.util.Arrays.copyOfRange(o.data(), (i - from) * o.cols(), (i - from + 1) * o.cols());
            }
        }
        return out;
    }

    public static Scores classify(SequenceModel model, List<Example> data, int batchSize) {
        float[][] logits = outputs(model, data, batchSize);
        int correct = 0, tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < data.size(); i++) {
            int pred = argmax(logits[i]), gold = data.get(i).label();
            if (pred == gold) correct++;
            if (pred == 1 && gold == 1) tp++;
            if (pred == 1 && gold != 1) fp++;
            if (pred != 1 && gold == 1) fn++;
        }
        double f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
        return new Scores(data.size(), (double) correct / data.size(), f1);
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int j = 1; j < v.length; j++) if (v[j] > v[best]) best = j;
        return best;
    }
}
