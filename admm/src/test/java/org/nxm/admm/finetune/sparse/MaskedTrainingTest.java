package org.nxm.admm.finetune.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nxm.admm.finetune.model.Param;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;

/** The start of masked fine-tuning: magnitude prune, or keep the support of weights that are already N:M, and say which. */
class MaskedTrainingTest {
    private static final NmPattern P24 = NmPattern.parse("2:4");

    private static Param weight(float... v) {
        Matrix m = new Matrix(1, v.length);
        System.arraycopy(v, 0, m.data(), 0, v.length);
        return new Param("w", m, true);
    }

    private static String start(Param w) {
        List<String> log = new ArrayList<>();
        new MaskedTraining(P24, "lwadmm").start(List.of(w), log::add);
        assertEquals(1, log.size());
        return log.get(0);
    }

    @Test
    void weightsThatStartTwoOfFourKeepTheirSupportAndTheLogSaysSo() {
        Param w = weight(0f, 0.5f, 0f, -0.1f, 3f, 0f, 0f, 2f);
        String line = start(w);
        assertArrayEquals(new float[] {0f, 0.5f, 0f, -0.1f, 3f, 0f, 0f, 2f}, w.value().data());
        assertTrue(line.contains("start 2:4; fine-tuning keeps their support (4/8 kept)"), line);
    }

    @Test
    void denseWeightsArePrunedByMagnitudeAndTheLogCountsWhatWasRemoved() {
        Param w = weight(1f, -4f, 2f, 3f, 0.1f, 0.2f, 0f, 0.3f);
        String line = start(w);
        assertArrayEquals(new float[] {0f, -4f, 0f, 3f, 0f, 0.2f, 0f, 0.3f}, w.value().data());
        assertTrue(line.contains("pruned 1 Linear weights to 2:4 by magnitude (4/8 kept, 3 non-zeros removed)"), line);
    }
}
