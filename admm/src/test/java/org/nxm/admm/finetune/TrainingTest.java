package org.nxm.admm.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nxm.admm.finetune.model.EncoderDims;
import org.nxm.admm.finetune.model.EncoderParams;
import org.nxm.admm.finetune.model.Param;
import org.nxm.admm.finetune.model.SequenceModel;
import org.nxm.admm.finetune.model.TaskHead;
import org.nxm.admm.finetune.optim.AdamW;
import org.nxm.admm.finetune.optim.LinearSchedule;
import org.nxm.admm.finetune.sparse.ActivationMetric;
import org.nxm.admm.finetune.sparse.AdmmTraining;
import org.nxm.admm.finetune.sparse.MaskedTraining;
import org.nxm.admm.finetune.sparse.NmMasks;
import org.nxm.admm.finetune.sparse.SparseTraining;
import org.nxm.admm.finetune.sparse.SrSteTraining;
import org.nxm.admm.finetune.train.Evaluation;
import org.nxm.admm.finetune.train.Example;
import org.nxm.admm.finetune.train.TrainConfig;
import org.nxm.admm.finetune.train.Trainer;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;

/** Tiny encoders, a few dozen steps: the optimiser, the schedule and every sparse method's invariants. */
class TrainingTest {
    private static final EncoderDims DIMS = new EncoderDims(2, 16, 2, 32, 12, 16, 2, 1e-12f);
    private static final NmPattern P24 = NmPattern.TWO_FOUR;

    @Test
    void adamWMatchesHandComputedSteps() {
        Param p = new Param("w", new Matrix(1, 2, new float[] {1f, -2f}), true);
        AdamW opt = new AdamW(List.of(p), 0.9, 0.999, 1e-8, 0.1);
        double w0 = 1, m = 0, v = 0;
        for (int t = 1; t <= 3; t++) {
            double g = 0.5 * t;
            p.grad().data()[0] = (float) g;
            p.grad().data()[1] = 0f;
            opt.step(0.01);
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            w0 = w0 - 0.01 * (m / (1 - Math.pow(0.9, t))) / (Math.sqrt(v / (1 - Math.pow(0.999, t))) + 1e-8) - 0.01 * 0.1 * w0;
            assertEquals(w0, p.value().data()[0], 1e-6);
        }
        assertEquals(-2 * Math.pow(1 - 0.001, 3), p.value().data()[1], 1e-6); // decay only
    }

    @Test
    void warmupThenLinearDecay() {
        LinearSchedule s = LinearSchedule.of(1.0, 10, 30, 0.25); // 5 warm-up steps
        assertEquals(0.2, s.lr(10), 1e-12);
        assertEquals(1.0, s.lr(14), 1e-12);
        assertEquals(1.0, s.lr(15), 1e-12);
        assertEquals(1.0 / 15, s.lr(29), 1e-12);
        assertTrue(!s.covers(30) && s.covers(10));
    }

    @Test
    void denseFineTuningLearnsASyntheticTask() {
        Result r = run(new SparseTraining.Dense(), 80);
        assertTrue(r.before > 0.3 && r.before < 0.75, "untrained accuracy " + r.before);
        assertTrue(r.after >= 0.9, "trained accuracy " + r.after);
    }

    @Test
    void aspKeepsTheMagnitudeMaskThroughout() {
        EncoderParams enc = EncoderParams.random(DIMS, 1);
        List<float[]> expected = new ArrayList<>();
        for (Param w : enc.linearWeights()) expected.add(NmMasks.magnitude(w.value(), P24));
        Result r = run(enc, MaskedTraining.asp(P24), 30);
        for (int i = 0; i < expected.size(); i++) {
            float[] w = r.model.encoder().linearWeights().get(i).value().data();
            for (int j = 0; j < w.length; j++) if (expected.get(i)[j] == 0f) assertEquals(0f, w[j]);
        }
        assertAllSparse(r.model);
    }

    @Test
    void srsteEndsSparseAndLearns() {
        Result r = run(new SrSteTraining(P24, 2e-4), 80);
        assertAllSparse(r.model);
        assertTrue(r.after >= 0.85, "srste accuracy " + r.after);
    }

    @Test
    void admmDrivesThePrimalResidualDownThenPrunes() {
        admmRun(new AdmmTraining.Settings(150, 1.4, 1e4, 5, 0.6, true, true, false, false));
    }

    @Test
    void admmWithThePenaltyInTheGradientStillEndsSparse() {
        SequenceModel m = run(EncoderParams.random(DIMS, 1),
                new AdmmTraining(P24, new AdmmTraining.Settings(1, 1.5, 1000, 5, 0.6, false, true, false, false), 1e-3), 20, 1e-3).model;
        assertAllSparse(m);
    }

    @Test
    void admmRescalesTheScaledDualWhenRhoGrows() {
        // W held fixed (penalty in the gradient, no optimiser): the pull ρ(W − Z + U) on a pruned weight
        // must equal the unscaled dual y = Σ ρ_k (W − Z_k) plus ρ·W. With ρ 10 → 20 → 40 and the pruned
        // w = 0.1: y = 10·0.1 + 20·0.1 = 3, so the pull is 40·0.1 + 3 = 7 (12 if U were not rescaled).
        Param w = new Param("w", new Matrix(1, 4, new float[] {0.9f, 0.1f, 0.8f, 0.05f}), true);
        AdmmTraining admm = new AdmmTraining(P24, new AdmmTraining.Settings(10, 2, 1e6, 1, 0.9, false, true, false, false), 1e-3);
        admm.phaseStarts(100);
        admm.start(List.of(w), msg -> {});
        admm.afterStep(0, 0);
        admm.afterStep(1, 0);
        w.zeroGrad();
        admm.afterBackward(2);
        float[] g = w.grad().data();
        assertEquals(0f, g[0], 1e-6);
        assertEquals(7f, g[1], 1e-5);
        assertEquals(0f, g[2], 1e-6);
        assertEquals(3.5f, g[3], 1e-5);
        assertEquals(40, admm.history().get(1)[0] * 2, 1e-9);
    }

    @Test
    void admmTrackKeptPenalisesOnlyTheWeightsOutsideTheSupport() {
        // ηρ = 1, so the decoupled pull closes half the gap W − (Z − U). A kept weight moved by the
        // optimiser since the last Z-step (0.9 → 1.0) is pulled back towards 0.9 only without trackKept.
        for (boolean track : new boolean[] {true, false}) {
            Param w = new Param("w", new Matrix(1, 4, new float[] {0.9f, 0.1f, 0.8f, 0.05f}), true);
            AdmmTraining admm = new AdmmTraining(P24, new AdmmTraining.Settings(100, 1, 1e6, 10, 0.9, true, true, track, false), 0.01);
            admm.phaseStarts(100);
            admm.start(List.of(w), msg -> {});
            w.value().data()[0] = 1.0f;
            admm.afterStep(0, 0.01);
            float[] v = w.value().data();
            assertEquals(track ? 1.0f : 0.95f, v[0], 1e-6);
            assertEquals(0.05f, v[1], 1e-6);
            assertEquals(0.8f, v[2], 1e-6);
            assertEquals(0.025f, v[3], 1e-6);
        }
    }

    @Test
    void admmActivationMetricProjectsByWeightedMagnitudeAndScalesThePull() {
        // d = (1, 100, 1, 1): scores |w|·√d = 0.9, 1.0, 0.8, 0.05 keep columns 0 and 1 (|w| alone keeps 0 and 2).
        Param w = new Param("w", new Matrix(1, 4, new float[] {0.9f, 0.1f, 0.8f, 0.05f}), true);
        AdmmTraining admm = new AdmmTraining(P24, new AdmmTraining.Settings(10, 1, 1e6, 10, 0.9, false, true, false, true), 1e-3);
        admm.useMetric(List.of(new float[] {1f, 100f, 1f, 1f}));
        admm.phaseStarts(100);
        admm.start(List.of(w), msg -> {});
        w.zeroGrad();
        admm.afterBackward(0);
        float[] g = w.grad().data();
        assertEquals(0f, g[0], 1e-6);
        assertEquals(0f, g[1], 1e-6);
        assertEquals(10 * 0.8f, g[2], 1e-5);
        assertEquals(10 * 0.05f, g[3], 1e-6);
    }

    @Test
    void activationMetricHasOneMeanOneWeightPerInputColumn() {
        SequenceModel m = new SequenceModel(EncoderParams.random(DIMS, 1), TaskHead.random(DIMS.hidden(), 2, 3));
        List<Example> data = new ArrayList<>();
        for (int i = 0; i < 10; i++) data.add(Example.classification(new int[] {1, 2 + i % 5, 7, 4}, new int[4], i % 2));
        List<float[]> d = ActivationMetric.measure(m, data, 8, 3);
        List<Param> ws = m.encoder().linearWeights();
        assertEquals(ws.size(), d.size());
        for (int i = 0; i < ws.size(); i++) {
            assertEquals(ws.get(i).value().cols(), d.get(i).length, ws.get(i).name());
            double mean = 0;
            for (float v : d.get(i)) mean += v;
            assertEquals(1.0, mean / d.get(i).length, 1e-5, ws.get(i).name());
        }
        // query, key and value read the same input, so they get the same metric
        assertArrayEquals(d.get(0), d.get(1));
        assertArrayEquals(d.get(0), d.get(2));
    }

    private void admmRun(AdmmTraining.Settings settings) {
        // The fine-tuning regime: weights large against lr·steps (MiniLM: |w| ~ 0.05, lr 1e-4).
        EncoderParams enc = EncoderParams.random(DIMS, 1);
        for (Param w : enc.linearWeights()) for (int i = 0; i < w.size(); i++) w.value().data()[i] *= 5;
        AdmmTraining admm = new AdmmTraining(P24, settings, 1e-3);
        Result r = run(enc, admm, 80, 1e-3);
        assertAllSparse(r.model);
        List<double[]> h = admm.history();
        assertTrue(h.size() >= 8);
        assertTrue(h.get(h.size() - 1)[1] < 0.5 * h.get(0)[1], "primal residual " + h.get(0)[1] + " -> " + h.get(h.size() - 1)[1]);
        assertTrue(r.after >= 0.7 && r.after > r.before + 0.1, "admm accuracy " + r.before + " -> " + r.after);
    }

    private static void assertAllSparse(SequenceModel m) {
        for (Param w : m.encoder().linearWeights()) assertTrue(NmMasks.satisfies(w.value(), P24), w.name());
    }

    record Result(SequenceModel model, double before, double after) {}

    private static Result run(SparseTraining method, int steps) {
        return run(EncoderParams.random(DIMS, 1), method, steps);
    }

    /** Label: whether token 3 occurs in the sequence, which attention + pooling must detect. */
    private static Result run(EncoderParams enc, SparseTraining method, int steps) {
        return run(enc, method, steps, 3e-3);
    }

    private static Result run(EncoderParams enc, SparseTraining method, int steps, double lr) {
        SplittableRandom rnd = new SplittableRandom(5);
        List<Example> data = new ArrayList<>();
        for (int i = 0; i < 96; i++) {
            int len = 3 + rnd.nextInt(6);
            int[] ids = new int[len];
            boolean positive = i % 2 == 0;
            for (int t = 0; t < len; t++) {
                int tok;
                do tok = rnd.nextInt(DIMS.vocab()); while (tok == 3);
                ids[t] = tok;
            }
            if (positive) ids[rnd.nextInt(len)] = 3;
            data.add(Example.classification(ids, new int[len], positive ? 1 : 0));
        }
        SequenceModel model = new SequenceModel(enc, TaskHead.random(DIMS.hidden(), 2, 2));
        double before = Evaluation.evaluate(model, data, 32).accuracy();
        TrainConfig cfg = new TrainConfig(steps, 16, lr, 0.1, 0.01, 11, 0, 1);
        new Trainer(cfg, s -> { }, 10).train(model, data, method, null);
        return new Result(model, before, Evaluation.evaluate(model, data, 32).accuracy());
    }
}
