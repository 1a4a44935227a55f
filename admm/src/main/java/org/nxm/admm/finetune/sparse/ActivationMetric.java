package org.nxm.admm.finetune.sparse;

import java.util.ArrayList;
import java.util.List;
import org.nxm.admm.finetune.model.SequenceModel;
import org.nxm.admm.finetune.model.TrainableEncoder;
import org.nxm.admm.finetune.train.Example;
import org.nxm.model.tensor.Matrix;

/**
 * Per-input-column weights d_j = E[x_j²] of every Linear's input, measured on task sentences through
 * the model before training and scaled to mean 1 per Linear. ‖ΔW‖²_D = Σ_ij d_j ΔW_ij² is the
 * diagonal of the layer's output error ‖ΔW·x‖² (the diagonal of XᵀX), so ADMM whose penalty and
 * projection use this metric keeps, in each group, the n weights with the largest d_j·w_ij² (Wanda's
 * score |w|·‖x_j‖, squared) instead of the largest |w|.
 */
public final class ActivationMetric {
    private ActivationMetric() {}

    /** The metric for each Linear weight in {@code linearWeights()} order, from up to {@code limit} examples. */
    public static List<float[]> measure(SequenceModel model, List<Example> examples, int limit, int batchSize) {
        List<double[]> sums = null;
        int n = Math.min(limit, examples.size());
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            List<Matrix> inputs = TrainableEncoder.linearInputs(model.encode(Example.pack(examples.subList(from, to))));
            if (sums == null) {
                sums = new ArrayList<>();
                for (Matrix x : inputs) sums.add(new double[x.cols()]);
            }
            for (int k = 0; k < inputs.size(); k++) accumulateSquares(inputs.get(k), sums.get(k));
        }
        if (sums == null) throw new IllegalArgumentException("no examples to measure the activation metric on");
        List<float[]> out = new ArrayList<>();
        for (double[] s : sums) out.add(normalised(s));
        return out;
    }

    static void accumulateSquares(Matrix x, double[] sums) {
        float[] d = x.data();
        int cols = x.cols();
        for (int r = 0, base = 0; r < x.rows(); r++, base += cols) {
            for (int j = 0; j < cols; j++) sums[j] += (double) d[base + j] * d[base + j];
        }
    }

    /** Scaled to mean 1, so ρ means the same as with the Euclidean metric; a dead column gets a tiny weight, not 0. */
    static float[] normalised(double[] sums) {
        double mean = 0;
        for (double v : sums) mean += v;
        mean /= sums.length;
        float[] out = new float[sums.length];
        for (int j = 0; j < sums.length; j++) out[j] = (float) Math.max(sums[j] / Math.max(mean, 1e-300), 1e-6);
        return out;
    }
}
