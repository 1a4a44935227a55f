package org.nxm.admm.finetune.train;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.nxm.admm.finetune.model.SequenceModel;
import org.nxm.model.tensor.Matrix;

/**
 * GLUE's metrics of a fine-tuned model on labelled examples: accuracy, F1 (positive class 1) and
 * Matthews correlation for classification; Pearson, Spearman and the mean squared error for
 * regression (the metrics that do not apply are NaN).
 */
public final class Evaluation {
    private Evaluation() {}

    /** Every metric, as fractions / correlations (not ×100). */
    public record Scores(int examples, double accuracy, double f1, double mcc, double pearson, double spearman, double mse) {}

    /** Head outputs for every example, in order, computed in batches. */
    public static float[][] outputs(SequenceModel model, List<Example> data, int batchSize) {
        float[][] out = new float[data.size()][];
        for (int from = 0; from < data.size(); from += batchSize) {
            int to = Math.min(data.size(), from + batchSize);
            Matrix o = model.outputs(Example.pack(data.subList(from, to)));
            for (int i = from; i < to; i++) {
                out[i] = Arrays.copyOfRange(o.data(), (i - from) * o.cols(), (i - from + 1) * o.cols());
            }
        }
        return out;
    }

    /** The model's scores on {@code data} (classification or regression, as the examples are). */
    public static Scores evaluate(SequenceModel model, List<Example> data, int batchSize) {
        if (data.isEmpty()) throw new IllegalArgumentException("no examples to evaluate");
        float[][] out = outputs(model, data, batchSize);
        if (data.get(0).isRegression()) {
            double[] pred = new double[data.size()], gold = new double[data.size()];
            for (int i = 0; i < pred.length; i++) {
                pred[i] = out[i][0];
                gold[i] = data.get(i).target();
            }
            return regression(pred, gold);
        }
        int[] pred = new int[data.size()], gold = new int[data.size()];
        for (int i = 0; i < pred.length; i++) {
            pred[i] = argmax(out[i]);
            gold[i] = data.get(i).label();
        }
        return classification(pred, gold);
    }

    /** Accuracy, F1 of class 1 and Matthews correlation (binary: class 1 positive, everything else negative). */
    public static Scores classification(int[] pred, int[] gold) {
        long tp = 0, tn = 0, fp = 0, fn = 0;
        for (int i = 0; i < pred.length; i++) {
            boolean p = pred[i] == 1, g = gold[i] == 1;
            if (p && g) tp++;
            else if (p) fp++;
            else if (g) fn++;
            else tn++;
        }
        long correct = 0;
        for (int i = 0; i < pred.length; i++) if (pred[i] == gold[i]) correct++;
        double f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
        double denom = Math.sqrt((double) (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
        // sklearn's convention (as GLUE's scorer): MCC is 0 when a row or column of the confusion matrix is empty
        double mcc = denom == 0 ? 0 : ((double) tp * tn - (double) fp * fn) / denom;
        return new Scores(pred.length, (double) correct / pred.length, f1, mcc, Double.NaN, Double.NaN, Double.NaN);
    }

    /** Pearson and Spearman correlation of predictions with gold scores, and the mean squared error. */
    public static Scores regression(double[] pred, double[] gold) {
        double mse = 0;
        for (int i = 0; i < pred.length; i++) mse += (pred[i] - gold[i]) * (pred[i] - gold[i]);
        mse /= pred.length;
        boolean constant = Arrays.stream(pred).distinct().count() < 2;
        double pearson = constant ? 0 : new PearsonsCorrelation().correlation(pred, gold);
        double spearman = constant ? 0 : new SpearmansCorrelation().correlation(pred, gold);
        return new Scores(pred.length, Double.NaN, Double.NaN, Double.NaN, pearson, spearman, mse);
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int j = 1; j < v.length; j++) if (v[j] > v[best]) best = j;
        return best;
    }
}
