package org.nxm.admm.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nxm.admm.finetune.task.GlueTask;
import org.nxm.admm.finetune.train.Evaluation;

/** GLUE's metrics against values computed by hand (and the formulas written out in float64). */
class EvaluationTest {
    @Test
    void classificationMetricsByHand() {
        // tp = 3, fp = 1, fn = 2, tn = 4
        int[] gold = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
        int[] pred = {1, 1, 1, 0, 0, 1, 0, 0, 0, 0};
        Evaluation.Scores s = Evaluation.classification(pred, gold);
        assertEquals(0.7, s.accuracy(), 1e-12);
        assertEquals(2.0 * 3 / (2 * 3 + 1 + 2), s.f1(), 1e-12);
        assertEquals((3.0 * 4 - 1.0 * 2) / Math.sqrt(4.0 * 5 * 5 * 6), s.mcc(), 1e-12);
        assertEquals(100 * (s.f1() + s.accuracy()) / 2, GlueTask.MRPC.score(s), 1e-9);
        assertEquals(100 * s.mcc(), GlueTask.COLA.score(s), 1e-9);
        assertEquals(100 * s.accuracy(), GlueTask.RTE.score(s), 1e-9);
    }

    @Test
    void matthewsIsZeroForAConstantPredictor() {
        Evaluation.Scores s = Evaluation.classification(new int[] {1, 1, 1, 1}, new int[] {1, 0, 1, 0});
        assertEquals(0.0, s.mcc());
        assertEquals(0.5, s.accuracy());
    }

    @Test
    void regressionMetricsByHand() {
        double[] gold = {0, 1, 2, 3, 4};
        double[] pred = {0.5, 0.9, 2.5, 2.9, 5.0}; // monotone: Spearman 1
        Evaluation.Scores s = Evaluation.regression(pred, gold);
        assertEquals(1.0, s.spearman(), 1e-12);
        double mp = 0, mg = 2, sxy = 0, sxx = 0, syy = 0;
        for (double p : pred) mp += p / 5;
        for (int i = 0; i < 5; i++) {
            sxy += (pred[i] - mp) * (gold[i] - mg);
            sxx += (pred[i] - mp) * (pred[i] - mp);
            syy += (gold[i] - mg) * (gold[i] - mg);
        }
        assertEquals(sxy / Math.sqrt(sxx * syy), s.pearson(), 1e-12);
        assertEquals((0.25 + 0.01 + 0.25 + 0.01 + 1.0) / 5, s.mse(), 1e-12);
        assertEquals(100 * (s.pearson() + s.spearman()) / 2, GlueTask.STSB.score(s), 1e-9);
    }
}
