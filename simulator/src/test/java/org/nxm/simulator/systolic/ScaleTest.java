package org.nxm.simulator.systolic;

import org.nxm.compiler.hardware.Dataflow;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A GEMM SCALE-Sim cannot simulate (4096³ on 128×128 with 10 words/cycle) runs to a sane result. How
 * fast, and that it keeps no per-line state (allocation per run), is measured by the JMH benchmark
 * {@code ScaleSimBench.gemm4096Bw} with {@code -prof gc}, not asserted here (timed unit tests fail on
 * a loaded machine and pass on a fast one whatever the code does).
 */
class ScaleTest {
    @Test
    void largeBandwidthLimitedGemmRuns() {
        LayerResult r = new SystolicEngine().run(SystolicConfig.of(128, 128, Dataflow.OS, 512, 512, 256, 10),
                Layer.gemm("big", 4096, 4096, 4096));
        assertTrue(r.stallCycles() > 0, "a 10 words/cycle interface stalls this GEMM");
        assertTrue(r.totalCycles() > 4096L * 4096 * 4096 / (128 * 128), "at least the MAC-bound cycles");
    }
}
