package org.nxm.simulator.tensorcore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.simulator.engine.CycleSteppedEngine;
import org.nxm.simulator.engine.EventDrivenEngine;
import org.nxm.simulator.engine.Schedule;
import org.nxm.simulator.report.SimReport;

/** The laws on the machine model, with programs built directly (no compiler). */
class TensorCoreLawsTest {
    private static final NmPattern[] PATTERNS = {NmPattern.TWO_FOUR, new NmPattern(1, 4)};

    @Test
    void sparseSpeedupNeverExceedsMOverN() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 12; i++) {
            TensorCoreParams hw = i % 2 == 0 ? TestMachines.edge(1 + rnd.nextInt(4)) : TestMachines.a100();
            int m = 16 * (1 + rnd.nextInt(24)), n = 16 * (1 + rnd.nextInt(24)), k = 64 * (1 + rnd.nextInt(16));
            NmPattern p = PATTERNS[rnd.nextInt(PATTERNS.length)];
            long dense = new TensorCoreSimulator(hw).run(SyntheticGemm.gemm(hw, m, n, k, null, 64, 64, 64), "dense").cycles();
            SimReport s = new TensorCoreSimulator(hw).run(SyntheticGemm.gemm(hw, m, n, k, p, 64, 64, 64), p.toString());
            double speedup = (double) dense / s.cycles();
            assertTrue(speedup <= (double) p.m() / p.n() + 1e-12, "speedup " + speedup + " > m/n for " + p + " " + m + "x" + n + "x" + k);
            assertTrue(speedup >= 1.0 - 1e-12 || hw.cores() < 108, "sparse slower than dense on a100: " + speedup);
        }
    }

    @Test
    void largeComputeBoundGemmReachesEightyPercentDense() {
        TensorCoreParams hw = TestMachines.a100();
        SimReport r = new TensorCoreSimulator(hw).run(SyntheticGemm.gemm(hw, 3456, 4096, 4096, null, 128, 256, 64), "dense");
        assertTrue(r.utilization() >= 0.80, "utilisation " + r.utilization());
    }

    @Test
    void halvingDramBandwidthNeverSpeedsUp() {
        SplittableRandom rnd = new SplittableRandom(12);
        for (int i = 0; i < 10; i++) {
            TensorCoreParams hw = i % 2 == 0 ? TestMachines.edge(1 + rnd.nextInt(4)) : TestMachines.a100();
            int m = 16 * (1 + rnd.nextInt(16)), n = 16 * (1 + rnd.nextInt(16)), k = 64 * (1 + rnd.nextInt(8));
            NmPattern p = rnd.nextBoolean() ? null : NmPattern.TWO_FOUR;
            TcProgram prog = SyntheticGemm.gemm(hw, m, n, k, p, 64, 64, 64);
            long full = new TensorCoreSimulator(hw).run(prog, "x").cycles();
            long half = new TensorCoreSimulator(hw.withDramBytesPerCycle(hw.dramBytesPerCycle() / 2)).run(prog, "x").cycles();
            assertTrue(half >= full, "halving DRAM bandwidth sped up " + m + "x" + n + "x" + k + ": " + full + " -> " + half);
        }
    }

    @Test
    void doublingCoresNeverSlowsDown() {
        for (int cores = 1; cores <= 8; cores *= 2) {
            TensorCoreParams small = TestMachines.edge(cores);
            TensorCoreParams big = TestMachines.edge(cores * 2);
            for (int[] s : new int[][] {{64, 64, 256}, {256, 192, 512}, {128, 320, 128}}) {
                long a = new TensorCoreSimulator(small).run(SyntheticGemm.gemm(small, s[0], s[1], s[2], NmPattern.TWO_FOUR, 64, 64, 64), "2:4").cycles();
                long b = new TensorCoreSimulator(big).run(SyntheticGemm.gemm(big, s[0], s[1], s[2], NmPattern.TWO_FOUR, 64, 64, 64), "2:4").cycles();
                assertTrue(b <= a, cores + " -> " + 2 * cores + " cores slowed " + java.util.Arrays.toString(s) + ": " + a + " -> " + b);
            }
        }
    }

    @Test
    void eventDrivenEqualsCycleSteppedOnSmallMachinePrograms() {
        SplittableRandom rnd = new SplittableRandom(13);
        for (int i = 0; i < 50; i++) {
            TensorCoreParams hw = TestMachines.edge(1 + rnd.nextInt(3));
            int m = 16 * (1 + rnd.nextInt(4)), n = 16 * (1 + rnd.nextInt(4)), k = 32 * (1 + rnd.nextInt(4));
            NmPattern p = rnd.nextBoolean() ? null : PATTERNS[rnd.nextInt(PATTERNS.length)];
            TcProgram prog = SyntheticGemm.gemm(hw, m, n, k, p, 32, 32, 32);
            var mapped = new TensorCoreMachine(hw).map(prog);
            Schedule a = new EventDrivenEngine().run(mapped.graph());
            Schedule b = new CycleSteppedEngine().run(mapped.graph());
            assertEquals(b.makespan(), a.makespan(), "program " + i);
            assertArrayEquals(b.start(), a.start(), "program " + i);
        }
    }

    @Test
    void unsupportedPatternFallsBackToDenseWithAWarning() {
        TensorCoreParams hw = TestMachines.a100();   // 2:4 only
        NmPattern p28 = new NmPattern(2, 8);
        SimReport s = new TensorCoreSimulator(hw).run(SyntheticGemm.gemm(hw, 256, 256, 512, p28, 64, 64, 64), "2:8");
        assertTrue(s.denseFallbacks() > 0);
        assertEquals(1, s.warnings().size());
        assertTrue(s.warnings().get(0).contains("2:8"), s.warnings().get(0));
        // Accounted as dense MMAs on the values: no metadata traffic through the decode unit.
        assertEquals(0, s.level("metadata").bytes());
    }

    @Test
    void stallsAddUpToCoresTimesCycles() {
        TensorCoreParams hw = TestMachines.edge(4);
        SimReport r = new TensorCoreSimulator(hw).run(SyntheticGemm.gemm(hw, 256, 256, 1024, NmPattern.TWO_FOUR, 64, 64, 64), "2:4");
        assertEquals((long) hw.cores() * r.cycles(), r.stalls().total());
        // edge-4 at 25.6 B/cycle is memory bound: memory stalls dominate.
        assertTrue(r.stalls().memoryStallCycles() > r.stalls().computeCycles(), r.stalls().toString());
    }
}
