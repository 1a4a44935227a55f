package org.nxm.simulator.tensorcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nxm.compiler.Compiler;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.program.Program;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.simulator.TensorCoreRun;
import org.nxm.simulator.report.SimReport;

/** The sustained MMA rate (kernel.sustained_mma_fraction): a floor on a run's cycles from its executed MACs. */
class SustainedRateTest {

    private static HardwareConfig withKernel(String kernel) {
        return HardwareConfig.parse(HardwareConfig.preset("edge-4").toYaml() + kernel, "test.yaml");
    }

    private static SimReport run(HardwareConfig hw, NmPattern p) {
        Program prog = Compiler.compile(new Compiler.Request(Lowering.singleGemm(256, 128, 1024), hw, p, null, null)).program();
        return new TensorCoreRun(hw).run(prog, "t");
    }

    @Test
    void aBindingRateStretchesTheScheduleToExecutedMacsOverTheSustainedPeak() {
        String costs = "kernel:\n  launch_cycles: 100\n  prologue_cycles: 0\n  epilogue_cycles: 0\n  wave_sync_cycles: 0\n";
        SimReport free = run(withKernel(costs), null);
        SimReport slow = run(withKernel(costs + "  sustained_mma_fraction: 0.1\n"), null);
        assertEquals(free.scheduleCycles(), slow.scheduleCycles(), "the schedule itself is not changed");
        long floor = (long) Math.ceil(slow.macs() / (slow.peakMacsPerCycle() * 0.1));
        assertTrue(floor > free.scheduleCycles(), "a tenth of the peak binds this MMA-heavy GEMM");
        assertEquals(floor + 100, slow.cycles(), "floor plus the launch, which is not throttled");
        assertEquals(floor - slow.scheduleCycles(), slow.sustainedRateCycles());
        assertEquals(0, free.sustainedRateCycles());
        assertEquals(free.scheduleCycles() + 100, free.cycles());
        assertEquals(slow.cycles(), slow.comparableEstimate(1), "an estimate below the floor is floored like the run");
    }

    @Test
    void aSparseRunExecutesHalfTheMacsSoTheSameRateBindsItLater() {
        HardwareConfig hw = withKernel("kernel:\n  launch_cycles: 0\n  prologue_cycles: 0\n  epilogue_cycles: 0\n"
                + "  wave_sync_cycles: 0\n  sustained_mma_fraction: 0.1\n");
        SimReport dense = run(hw, null);
        SimReport sparse = run(hw, NmPattern.parse("2:4"));
        assertEquals(dense.macs(), 2 * sparse.macs());
        assertEquals((long) Math.ceil(dense.macs() / (dense.peakMacsPerCycle() * 0.1)), dense.cycles());
        assertEquals(Math.max(sparse.scheduleCycles(), (long) Math.ceil(sparse.macs() / (sparse.peakMacsPerCycle() * 0.1))), sparse.cycles());
        assertTrue(sparse.cycles() < dense.cycles());
    }
}
