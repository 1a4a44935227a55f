package org.nxm.admm.finetune.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.nxm.admm.finetune.model.LabeledBatch;
import org.nxm.admm.finetune.model.SequenceModel;
import org.nxm.admm.finetune.nn.Dropout;
import org.nxm.admm.finetune.nn.PackedSequences;
import org.nxm.admm.finetune.optim.AdamW;
import org.nxm.admm.finetune.optim.LinearSchedule;
import org.nxm.admm.finetune.sparse.SparseTraining;
import org.nxm.model.tensor.Matrix;

/**
 * The fine-tuning loop: seeded shuffled mini-batches (a fresh permutation each epoch), forward +
 * backward, the sparse method's hooks, AdamW with warm-up and linear decay (restarted at each phase
 * the method declares), progress lines on the given log.
 */
public final class Trainer {
    private final TrainConfig config;
    private final Consumer<String> log;
    private final int logEvery;

    public Trainer(TrainConfig config, Consumer<String> log, int logEvery) {
        this.config = config;
        this.log = log;
        this.logEvery = Math.max(1, logEvery);
    }

    /** Points of the loss curve a run keeps (mean training loss over consecutive windows of steps). */
    public static final int CURVE_POINTS = 60;

    /**
     * What a run did: steps, wall time, median step time, the mean loss over the last tenth of steps,
     * training tokens, and the loss curve as (last step of the window, mean loss over the window).
     */
    public record Result(int steps, double seconds, double medianStepSeconds, double finalLoss, long tokens,
                         List<double[]> lossCurve) {}

    /**
     * Trains {@code model} in place, all Linear weights under the method. {@code teacherLogits} (one row
     * per training example, or null) turns on distillation with the config's α and temperature.
     */
    public Result train(SequenceModel model, List<Example> train, SparseTraining method, float[][] teacherLogits) {
        return train(model, train, method, teacherLogits, model.encoder().linearWeights());
    }

    /** As {@link #train(SequenceModel, List, SparseTraining, float[][])}, the method acting on {@code sparseWeights} only. */
    public Result train(SequenceModel model, List<Example> train, SparseTraining method, float[][] teacherLogits,
                        List<org.nxm.admm.finetune.model.Param> sparseWeights) {
        if (train.isEmpty()) throw new IllegalArgumentException("no training examples");
        int total = config.steps();
        List<LinearSchedule> phases = schedules(method.phaseStarts(total), total);
        AdamW opt = new AdamW(model.params(), 0.9, 0.999, 1e-6, config.weightDecay());
        method.start(sparseWeights, log);
        SplittableRandom rnd = new SplittableRandom(config.seed());
        // Its own generator, so the batches are the same with and without dropout.
        Dropout dropout = config.dropout() == 0 ? Dropout.NONE : new Dropout(config.dropout(), config.seed() ^ 0x5DEECE66DL);
        int[] order = permutation(train.size(), rnd);
        int cursor = 0;
        double[] stepSeconds = new double[total];
        double[] losses = new double[total];
        long tokens = 0;
        long t0 = System.nanoTime();
        int phase = 0;
        for (int step = 0; step < total; step++) {
            long s0 = System.nanoTime();
            if (!phases.get(phase).covers(step)) {
                phase++;
                opt.reset();
            }
            int[] idx = new int[Math.min(config.batchSize(), train.size())];
            for (int i = 0; i < idx.length; i++) {
                if (cursor == order.length) {
                    order = permutation(train.size(), rnd);
                    cursor = 0;
                }
                idx[i] = order[cursor++];
            }
            LabeledBatch batch = batch(train, idx, teacherLogits);
            tokens += batch.seqs().tokens();
            method.beforeForward(step);
            model.zeroGrad();
            losses[step] = model.lossAndGradients(batch, config.kdAlpha(), config.kdTemperature(), dropout);
            method.afterBackward(step);
            double lr = phases.get(phase).lr(step);
            opt.step(lr);
            method.afterStep(step, lr);
            stepSeconds[step] = (System.nanoTime() - s0) / 1e9;
            if ((step + 1) % logEvery == 0 || step == 0 || step + 1 == total) {
                double avg = mean(losses, Math.max(0, step + 1 - logEvery), step + 1);
                String status = method.status();
                log.accept(String.format("%s step %d/%d loss %.4f lr %.2e %.2f s/step%s", method.name(), step + 1, total,
                        avg, lr, stepSeconds[step], status.isEmpty() ? "" : " " + status));
            }
        }
        method.finish();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] sorted = stepSeconds.clone();
        Arrays.sort(sorted);
        List<double[]> curve = new ArrayList<>();
        int window = Math.max(1, (total + CURVE_POINTS - 1) / CURVE_POINTS);
        for (int from = 0; from < total; from += window) {
            int to = Math.min(total, from + window);
            curve.add(new double[] {to, mean(losses, from, to)});
        }
        return new Result(total, seconds, sorted[total / 2], mean(losses, total - Math.max(1, total / 10), total), tokens, curve);
    }

    private List<LinearSchedule> schedules(List<Integer> starts, int total) {
        List<LinearSchedule> out = new ArrayList<>();
        int from = 0;
        for (int s : starts) {
            if (s <= from || s >= total) continue;
            out.add(LinearSchedule.of(config.learningRate(), from, s, config.warmupFraction()));
            from = s;
        }
        out.add(LinearSchedule.of(config.learningRate(), from, total, config.warmupFraction()));
        return out;
    }

    static LabeledBatch batch(List<Example> data, int[] idx, float[][] teacherLogits) {
        int[] labels = new int[idx.length];
        float[] targets = new float[idx.length];
        boolean regression = data.get(idx[0]).isRegression();
        Matrix teacher = null;
        if (teacherLogits != null) teacher = new Matrix(idx.length, teacherLogits[0].length);
        for (int i = 0; i < idx.length; i++) {
            Example e = data.get(idx[i]);
            labels[i] = e.label();
            targets[i] = e.target();
            if (teacher != null) System.arraycopy(teacherLogits[idx[i]], 0, teacher.data(), i * teacher.cols(), teacher.cols());
        }
        PackedSequences seqs = Example.pack(Arrays.stream(idx).mapToObj(data::get).toList());
        return regression ? new LabeledBatch(seqs, null, targets, teacher) : new LabeledBatch(seqs, labels, null, teacher);
    }

    private static int[] permutation(int n, SplittableRandom rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static double mean(double[] a, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += a[i];
        return s / Math.max(1, to - from);
    }
}
