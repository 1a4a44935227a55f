package org.nxm.simulator.systolic;

import org.nxm.compiler.hardware.Dataflow;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The event engine's cost is per line, not per word, and it keeps no per-line state. */
class ScaleTest {
    @Test
    void largeBandwidthLimitedGemmRunsInFlatMemory() {
        // 4096³ on 128×128 with 10 words/cycle: SCALE-Sim cannot do this; here it is an O(lines) walk with no per-line storage.
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        long t0 = System.nanoTime();
        LayerResult r = new SystolicEngine().run(SystolicConfig.of(128, 128, Dataflow.OS, 512, 512, 256, 10),
                Layer.gemm("big", 4096, 4096, 4096));
        double seconds = (System.nanoTime() - t0) / 1e9;
        long grown = rt.totalMemory() - rt.freeMemory() - before;
        assertTrue(r.stallCycles() > 0 && r.totalCycles() > 4096L * 4096 * 4096 / (128 * 128));
        assertTrue(seconds < 10, "took " + seconds + " s (target < 1 s on an idle core)");
        assertTrue(grown < 64L << 20, "heap grew by " + (grown >> 20) + " MiB");
    }
}
