package org.nxm.simulator.systolic;

import org.nxm.compiler.hardware.Dataflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The event-driven engine equals the cycle-stepped reference on random small shapes, every field. */
class EngineAgreementTest {

    @ParameterizedTest
    @EnumSource(ScaleSimVariant.class)
    void randomShapesAgree(ScaleSimVariant variant) {
        SplittableRandom rnd = new SplittableRandom(7 + variant.ordinal());
        int mismatches = 0, stalled = 0, calcEpochs = 0, writeDrains = 0, negativeStalls = 0;
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            Dataflow df = Dataflow.values()[rnd.nextInt(3)];
            int rows = 1 + rnd.nextInt(12), cols = 1 + rnd.nextInt(12);
            int m = 1 + rnd.nextInt(70), n = 1 + rnd.nextInt(70), k = 1 + rnd.nextInt(70);
            int bw = rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(12);
            SystolicConfig cfg = SystolicConfig.of(rows, cols, df, 1 + rnd.nextInt(3), 1 + rnd.nextInt(3), 1 + rnd.nextInt(2), bw);
            Layer layer = Layer.gemm("g" + i, m, n, k);
            LayerResult want = new ReferenceEngine(variant).run(cfg, layer);
            LayerResult got = new SystolicEngine(variant).run(cfg, layer);
            if (want.stallCycles() > 0) stalled++;
            if (want.stallCycles() < 0) negativeStalls++;
            if (bw == 0 && (want.ifmapDram().stop() >= 0 || want.filterDram().stop() >= 0)) calcEpochs++;
            if (want.ofmapDram().start() < want.totalCycles()) writeDrains++;
            if (!want.equals(got)) {
                if (mismatches++ == 0) first.append(cfg).append(' ').append(layer).append("\n want ").append(want).append("\n got  ").append(got);
            }
        }
        assertEquals(0, mismatches, first.toString());
        // The shapes must reach the interesting regimes, or agreement would prove little.
        System.out.printf("%s: stalled %d, negative %d, CALC epochs %d, early drains %d%n", variant, stalled, negativeStalls, calcEpochs, writeDrains);
        org.junit.jupiter.api.Assertions.assertTrue(stalled > 50 && calcEpochs > 10 && writeDrains > 50,
                "coverage: stalled " + stalled + ", CALC epochs " + calcEpochs + ", drains " + writeDrains);
    }

    /** Convolution rows whose IFMAP operand is one-to-one (1×1 filters, strides ≥ filter) take the event path too. */
    @ParameterizedTest
    @EnumSource(ScaleSimVariant.class)
    void coveredConvolutionsAgree(ScaleSimVariant variant) {
        SplittableRandom rnd = new SplittableRandom(99 + variant.ordinal());
        int covered = 0;
        for (int i = 0; i < 150; i++) {
            int f = 1 + rnd.nextInt(2), s = f + rnd.nextInt(2);
            int h = f + rnd.nextInt(12), w = f + rnd.nextInt(12);
            Layer layer = new Layer("c" + i, h, w, f, f, 1 + rnd.nextInt(6), 1 + rnd.nextInt(40), s, s, null);
            if (!SystolicEngine.covers(layer)) continue;
            covered++;
            Dataflow df = Dataflow.values()[rnd.nextInt(3)];
            int bw = rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(8);
            SystolicConfig cfg = SystolicConfig.of(1 + rnd.nextInt(8), 1 + rnd.nextInt(8), df, 1, 1, 1, bw);
            assertEquals(new ReferenceEngine(variant).run(cfg, layer), new SystolicEngine(variant).run(cfg, layer),
                    cfg + " " + layer);
        }
        org.junit.jupiter.api.Assertions.assertTrue(covered > 40, "covered " + covered);
    }
}
