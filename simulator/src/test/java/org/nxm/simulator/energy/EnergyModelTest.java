package org.nxm.simulator.energy;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nxm.compiler.Compiler;
import org.nxm.compiler.hardware.EnergyTable;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.program.ModelShape;
import org.nxm.compiler.program.Program;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.simulator.TensorCoreRun;
import org.nxm.simulator.report.SimReport;
import org.nxm.simulator.tensorcore.HardwareParams;
import org.nxm.simulator.tensorcore.SyntheticGemm;
import org.nxm.simulator.tensorcore.TcProgram;
import org.nxm.simulator.tensorcore.TensorCoreParams;
import org.nxm.simulator.tensorcore.TensorCoreSimulator;

class EnergyModelTest {

    private static SimReport gemm(HardwareConfig hw, NmPattern p) {
        TensorCoreParams params = HardwareParams.from(hw);
        TcProgram prog = SyntheticGemm.gemm(params, 512, 768, 1024, p, 128, 128, 64);
        return new TensorCoreSimulator(params).run(prog, p == null ? "dense" : p.toString());
    }

    @Test
    void countedActionsAgreeWithTheReportsLevelsAndMacs() {
        HardwareConfig a100 = HardwareConfig.preset("a100");
        for (NmPattern p : new NmPattern[] {null, NmPattern.TWO_FOUR}) {
            SimReport r = gemm(a100, p);
            ActionCounts c = r.actions().total();
            assertEquals(r.level("shared").bytes(), c.sharedReadBytes() + c.sharedWriteBytes());
            assertEquals(r.level("l2").bytes(), c.l2Bytes());
            assertEquals(r.level("dram").bytes(), c.dramBytes());
            assertEquals(r.macs(), c.denseMacs() + c.sparseMacs());
            assertEquals(p == null ? 0 : r.macs(), c.sparseMacs());
            // Register bytes: every MMA instruction, priced by the plain per-instruction formula.
            long perInstr = p == null ? (16 * 16 + 16 * 8) * 2 + 2 * 16 * 8 * 4
                    : 16 * 16 * 2 + 16 * 16 * 2 / 8 + 32 * 8 * 2 + 2 * 16 * 8 * 4;
            assertEquals(r.mmaInstructions() * perInstr, c.registerBytes());
            ActionCounts sum = ActionCounts.ZERO;
            for (ActionCounts l : r.actions().byLayer().values()) sum = sum.plus(l);
            assertEquals(c, sum);
        }
    }

    @Test
    void energyIsCountsTimesTableAndLayersAddUp() {
        EnergyTable t = new EnergyTable(1, 2, 3, 4, 5, 6, 7, new EnergyTable.StaticPower(10, 20, 30, 40));
        ActionCounts c = new ActionCounts(100, 50, 10, 20, 30, 40, 50, 5, 6, 7);
        RunActions actions = new RunActions(c.plus(c), Map.of("a", c, "b", c));
        EnergyReport e = new EnergyModel(t, 2, true).account(actions, Map.of("a", 3L, "b", 1L), 1e-3);
        double dynamicPj = 2 * (100 * 1 + 50 * 2 + 10 * 3 + 20 * 4 + 30 * 5 + 40 * 6 + 50 * 7);
        double staticJ = (2 * 10 + 20 + 30 + 40) * 1e-3;
        assertEquals(dynamicPj * 1e-12 + staticJ, e.totalJ(), 1e-15);
        assertEquals(staticJ, e.staticJ(), 1e-15);
        assertEquals(e.totalJ() / 1e-3, e.avgPowerW(), 1e-9);
        assertEquals(dynamicPj / 2 * 1e-12 + staticJ * 0.75, e.byLayerJ().get("a"), 1e-15);
        assertEquals(dynamicPj / 2 * 1e-12 + staticJ * 0.25, e.byLayerJ().get("b"), 1e-15);
        assertEquals(2 * (5 * 5 + 6 * 6 + 7 * 7) * 1e-12, e.weightTrafficJ(), 1e-18);
        // Without an L2 its static power is not charged.
        assertEquals(staticJ - 20e-3, new EnergyModel(t, 2, false).account(actions, Map.of(), 1e-3).staticJ(), 1e-15);
    }

    @Test
    void denseFp16MacEnergyIsHorowitzScaledToTheNode() {
        // Horowitz ISSCC 2014, 45 nm: fp16 add 0.4 pJ + multiply 1.1 pJ. Scaled to 7 nm by 0.2..0.35 and to
        // 4N (5 nm class) by 0.15..0.3 (simulator/README.md gives the factors' sources).
        double at45 = 0.4 + 1.1;
        double a100 = HardwareConfig.preset("a100").energy().denseMacPj();
        double h100 = HardwareConfig.preset("h100").energy().denseMacPj();
        assertTrue(a100 >= 0.2 * at45 && a100 <= 0.35 * at45, "a100 " + a100);
        assertTrue(h100 >= 0.15 * at45 && h100 <= 0.3 * at45, "h100 " + h100);
    }

    @Test
    void bertBaseBatch16OnA100DrawsAPlausiblePowerAndTwoFourSavesInTheMacArrayAndWeightTraffic() {
        HardwareConfig a100 = HardwareConfig.preset("a100");
        Program prog = Compiler.compile(new Compiler.Request(
                Lowering.lower(ModelShape.of(TransformerConfig.preset("bert-base"), 16, 128)), a100, NmPattern.TWO_FOUR, null, null)).program();
        TensorCoreRun run = new TensorCoreRun(a100);
        SimReport sparse = run.run(prog, "bert-base");
        SimReport dense = run.runDenseTwin(prog, "bert-base");
        EnergyReport es = EnergyModel.of(a100, sparse);
        EnergyReport ed = EnergyModel.of(a100, dense);
        System.out.printf("a100 BERT-base b16: dense %.4f J %.1f W %s%n  2:4 %.4f J %.1f W %s%n  weight traffic %.4f -> %.4f J%n",
                ed.totalJ(), ed.avgPowerW(), ed.byComponentJ(), es.totalJ(), es.avgPowerW(), es.byComponentJ(),
                ed.weightTrafficJ(), es.weightTrafficJ());
        for (EnergyReport e : new EnergyReport[] {ed, es}) {
            assertTrue(e.avgPowerW() >= 100 && e.avgPowerW() <= 400, "average power " + e.avgPowerW());
        }
        assertTrue(es.macArrayJ() < 0.7 * ed.macArrayJ(), "MAC array " + es.macArrayJ() + " vs " + ed.macArrayJ());
        assertTrue(es.weightTrafficJ() < ed.weightTrafficJ(), "weight traffic " + es.weightTrafficJ() + " vs " + ed.weightTrafficJ());
        assertTrue(es.totalJ() < ed.totalJ());
    }
}
