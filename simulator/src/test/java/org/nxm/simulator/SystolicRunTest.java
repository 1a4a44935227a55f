package org.nxm.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nxm.compiler.Compiler;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.LoweredModel;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.program.ModelShape;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.target.SystolicTarget;
import org.nxm.compiler.target.Target;
import org.nxm.model.io.InputException;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.simulator.report.SimReport;
import org.nxm.simulator.systolic.HardwareSystolic;
import org.nxm.simulator.systolic.Layer;
import org.nxm.simulator.systolic.LayerResult;
import org.nxm.simulator.systolic.SystolicConfig;
import org.nxm.simulator.systolic.SystolicEngine;

/** The systolic target's machine model runs compiled programs with the SCALE-Sim-exact engine. */
class SystolicRunTest {

    private static Program compile(HardwareConfig hw, LoweredModel lm, NmPattern p) {
        return Compiler.compile(new Compiler.Request(lm, hw, p, null, null)).program();
    }

    @Test
    void targetsPickTheirMachineModel() {
        assertInstanceOf(SystolicRun.class, MachineModel.of(HardwareConfig.preset("systolic-32x32-os")));
        assertInstanceOf(TensorCoreRun.class, MachineModel.of(HardwareConfig.preset("edge-4")));
        assertEquals("systolic", MachineModel.of(HardwareConfig.preset("systolic-128x128-ws")).template());
    }

    /** A one-GEMM program: exactly the engine's cycles for that GEMM in SCALE-Sim's orientation (N, M, K). */
    @Test
    void oneGemmProgramTakesTheEnginesCycles() {
        for (String preset : new String[] {"systolic-32x32-os", "systolic-128x128-ws"}) {
            HardwareConfig hw = HardwareConfig.preset(preset);
            SystolicConfig cfg = HardwareSystolic.config(hw);
            for (NmPattern p : new NmPattern[] {null, NmPattern.TWO_FOUR, new NmPattern(1, 4)}) {
                Program prog = compile(hw, Lowering.singleGemm(96, 200, 512), p);
                SimReport r = MachineModel.of(hw).run(prog, "test");
                LayerResult lr = new SystolicEngine().run(cfg, Layer.gemm("gemm", 200, 96, 512, p));
                assertEquals(lr.nativeCycles(), r.cycles(), preset + " " + p);
                assertEquals(lr.stallCycles(), r.stalls().memoryStallCycles());
                assertEquals(r.cycles(), r.stalls().total());
                long macs = p == null ? 96L * 200 * 512 : 96L * 200 * 512 / p.m() * p.n();
                assertEquals(macs, r.macs());
                assertEquals(96L * 200 * 512, r.denseEquivalentMacs());
            }
        }
    }

    /** The cycle-stepped reference engine (dense only) agrees with the fold arithmetic on a small program. */
    @Test
    void referenceEngineAgrees() {
        HardwareConfig hw = HardwareConfig.preset("systolic-32x32-os");
        Program prog = compile(hw, Lowering.singleGemm(40, 24, 64), null);
        long event = MachineModel.of(Target.of(hw), MachineModel.Engine.EVENT).run(prog, "t").cycles();
        long reference = MachineModel.of(Target.of(hw), MachineModel.Engine.CYCLE).run(prog, "t").cycles();
        assertEquals(event, reference);
        Program sparse = compile(hw, Lowering.singleGemm(40, 24, 64), NmPattern.TWO_FOUR);
        assertThrows(InputException.class, () -> MachineModel.of(Target.of(hw), MachineModel.Engine.CYCLE).run(sparse, "t"));
    }

    /**
     * Compile → simulate gives the numbers of the path sweeps took before the systolic target had a
     * machine model: every GEMM of the lowered model straight through the engine, one after another.
     */
    @Test
    void wholeModelMatchesGemmByGemmThroughTheEngine() {
        LoweredModel lm = Lowering.lower(ModelShape.of(TransformerConfig.preset("minilm-l6"), 1, 64));
        for (String preset : new String[] {"systolic-32x32-os", "systolic-128x128-ws"}) {
            HardwareConfig hw = HardwareConfig.preset(preset);
            SystolicConfig cfg = HardwareSystolic.config(hw);
            for (NmPattern p : new NmPattern[] {null, NmPattern.TWO_FOUR}) {
                long cycles = 0, dram = 0;
                for (LoweredModel.Stage st : lm.stages()) {
                    if (!(st instanceof LoweredModel.Gemm g)) continue;
                    NmPattern gp = g.sparseWeight() ? p : null;
                    LayerResult lr = new SystolicEngine().run(cfg, Layer.gemm(g.name(), g.n(), g.m(), g.k(), gp));
                    cycles += lr.nativeCycles();
                    dram += (lr.ifmapDram().words() + lr.filterDram().words() + lr.ofmapDram().words()) * hw.dtype().bytes();
                }
                SimReport r = MachineModel.of(hw).run(compile(hw, lm, p), "minilm");
                assertEquals(cycles, r.cycles(), preset + " " + p);
                assertEquals(dram, r.dramBytes(), preset + " " + p);
                assertTrue(r.warnings().get(0).contains("vector ops"), r.warnings().toString());
                // Dense twin = the dense program's timing.
                SimReport twin = MachineModel.of(hw).runDenseTwin(compile(hw, lm, p), "minilm");
                assertEquals(MachineModel.of(hw).run(compile(hw, lm, null), "dense").cycles(), twin.cycles());
            }
        }
    }

    @Test
    void programForAnotherTargetIsRefused() {
        Program prog = compile(HardwareConfig.preset("systolic-32x32-os"), Lowering.singleGemm(32, 32, 64), null);
        InputException e = assertThrows(InputException.class,
                () -> MachineModel.of(HardwareConfig.preset("systolic-128x128-ws")).run(prog, "p.json"));
        assertTrue(e.getMessage().contains("p.json"), e.getMessage());
    }

    @Test
    void arrayGemmTransposesTheCompilersGemm() {
        Program prog = compile(HardwareConfig.preset("systolic-32x32-os"), Lowering.singleGemm(96, 200, 512), NmPattern.TWO_FOUR);
        SystolicTarget.ArrayGemm a = SystolicTarget.arrayGemm(prog.gemms().get(0));
        assertEquals(200, a.ifmapRows());
        assertEquals(96, a.filterCols());
        assertEquals(512, a.k());
        assertEquals(NmPattern.TWO_FOUR, a.pattern());
    }
}
