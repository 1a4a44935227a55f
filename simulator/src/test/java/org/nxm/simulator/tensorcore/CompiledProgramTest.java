package org.nxm.simulator.tensorcore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nxm.compiler.Compiler;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.LoweredModel;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.program.ModelShape;
import org.nxm.compiler.program.Program;
import org.nxm.model.io.InputException;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.simulator.TensorCoreRun;
import org.nxm.simulator.engine.CycleSteppedEngine;
import org.nxm.simulator.engine.EventDrivenEngine;
import org.nxm.simulator.engine.Schedule;
import org.nxm.simulator.report.SimReport;

/** The laws and published-figure checks on programs the compiler produced. */
class CompiledProgramTest {
    static Program compile(HardwareConfig hw, LoweredModel m, NmPattern p) {
        return Compiler.compile(new Compiler.Request(m, hw, p, null, null)).program();
    }

    static HardwareConfig withCores(HardwareConfig hw, int cores) {
        String yaml = hw.toYaml().replaceFirst("(?m)^cores: \\d+", "cores: " + cores).replaceFirst("(?m)^name: .*", "name: " + hw.name() + "-x" + cores);
        return HardwareConfig.parse(yaml, "test");
    }

    private static final NmPattern[] EDGE_PATTERNS = {NmPattern.TWO_FOUR, new NmPattern(1, 4), new NmPattern(2, 8)};

    @Test
    void sparseSpeedupNeverExceedsMOverNAndHalvingDramNeverHelps() {
        SplittableRandom rnd = new SplittableRandom(21);
        HardwareConfig edge = HardwareConfig.preset("edge-4");
        HardwareConfig a100 = HardwareConfig.preset("a100");
        for (int i = 0; i < 10; i++) {
            boolean big = i % 3 == 2;
            HardwareConfig hw = big ? a100 : edge;
            NmPattern p = big ? NmPattern.TWO_FOUR : EDGE_PATTERNS[rnd.nextInt(EDGE_PATTERNS.length)];
            LoweredModel m = i == 0
                    ? Lowering.lower(ModelShape.of(TransformerConfig.preset("minilm-l6"), 1, 16))
                    : Lowering.singleGemm(16 * (1 + rnd.nextInt(big ? 64 : 12)), 8 * (1 + rnd.nextInt(big ? 64 : 12)), 64 * (1 + rnd.nextInt(big ? 32 : 8)));
            Program prog = compile(hw, m, p);
            TensorCoreRun run = new TensorCoreRun(hw);
            SimReport sparse = run.run(prog, "test");
            SimReport dense = run.runDenseTwin(prog, "test");
            double speedup = (double) dense.cycles() / sparse.cycles();
            assertTrue(speedup <= (double) p.m() / p.n() + 1e-12, "speedup " + speedup + " > m/n for " + p + " on " + hw.name() + " " + m.shape());
            TcProgram tc = ProgramAdapter.adapt(prog);
            TensorCoreParams params = HardwareParams.from(hw);
            long full = new TensorCoreSimulator(params).run(tc, p.toString()).cycles();
            long half = new TensorCoreSimulator(params.withDramBytesPerCycle(params.dramBytesPerCycle() / 2)).run(tc, p.toString()).cycles();
            assertEquals(sparse.cycles(), full);
            assertTrue(half >= full, "halving DRAM bandwidth sped up " + m.shape() + ": " + full + " -> " + half);
        }
    }

    @Test
    void doublingCoresNeverSlowsDown() {
        SplittableRandom rnd = new SplittableRandom(22);
        HardwareConfig edge = HardwareConfig.preset("edge-4");
        for (int i = 0; i < 6; i++) {
            LoweredModel m = Lowering.singleGemm(16 * (1 + rnd.nextInt(16)), 8 * (1 + rnd.nextInt(16)), 64 * (1 + rnd.nextInt(8)));
            long prev = Long.MAX_VALUE;
            for (int cores = 2; cores <= 16; cores *= 2) {
                HardwareConfig hw = withCores(edge, cores);
                long c = new TensorCoreRun(hw).run(compile(hw, m, NmPattern.TWO_FOUR), "test").cycles();
                assertTrue(c <= prev, cores + " cores slower than " + cores / 2 + " on " + m.shape() + ": " + prev + " -> " + c);
                prev = c;
            }
        }
    }

    @Test
    void eventDrivenEqualsCycleSteppedOnFiftyCompiledPrograms() {
        SplittableRandom rnd = new SplittableRandom(23);
        HardwareConfig edge = HardwareConfig.preset("edge-4");
        TensorCoreMachine machine = new TensorCoreMachine(HardwareParams.from(edge));
        for (int i = 0; i < 50; i++) {
            NmPattern p = rnd.nextInt(3) == 0 ? null : EDGE_PATTERNS[rnd.nextInt(EDGE_PATTERNS.length)];
            LoweredModel m = Lowering.singleGemm(16 * (1 + rnd.nextInt(4)), 8 * (1 + rnd.nextInt(4)), 64 * (1 + rnd.nextInt(3)));
            var mapped = machine.map(ProgramAdapter.adapt(compile(edge, m, p)));
            Schedule a = new EventDrivenEngine().run(mapped.graph());
            Schedule b = new CycleSteppedEngine().run(mapped.graph());
            assertEquals(b.makespan(), a.makespan(), "program " + i + " " + m.shape());
            assertArrayEquals(b.start(), a.start(), "program " + i);
        }
    }

    @Test
    void everyTileOrderRunsTheSameOnBothEnginesAndDealsTheTilesDifferently() {
        HardwareConfig edge = HardwareConfig.preset("edge-4");
        TensorCoreMachine machine = new TensorCoreMachine(HardwareParams.from(edge));
        LoweredModel m = Lowering.singleGemm(96, 64, 128);
        java.util.Set<java.util.List<Integer>> coresByOrder = new java.util.HashSet<>();
        for (NmPattern p : new NmPattern[] {null, NmPattern.TWO_FOUR}) {
            for (org.nxm.compiler.tile.Raster r : org.nxm.compiler.tile.Raster.values()) {
                Program prog = Compiler.compile(new Compiler.Request(m, edge, p, null, null), (hw, g) -> {
                    var plan = org.nxm.compiler.tile.Tiler.plan(hw, g);
                    return org.nxm.compiler.tile.Tiler.refine(hw, g, new org.nxm.compiler.tile.GemmPlan(
                            new org.nxm.compiler.program.TileShape(16, 16, plan.tile().bk()), 1, g.k(), 24, 0, null, 2, r));
                }).program();
                var mapped = machine.map(ProgramAdapter.adapt(prog));
                Schedule a = new EventDrivenEngine().run(mapped.graph());
                Schedule b = new CycleSteppedEngine().run(mapped.graph());
                assertEquals(b.makespan(), a.makespan(), r + " " + p);
                assertArrayEquals(b.start(), a.start(), r + " " + p);
                // which core each output tile's store runs on: the orders must deal them differently
                java.util.TreeMap<Integer, Integer> storeCores = new java.util.TreeMap<>();
                for (var op : prog.ops()) {
                    if (op instanceof org.nxm.compiler.program.TileOp.Store st && !st.partial()) {
                        storeCores.put(st.tile().m0() * 1000 + st.tile().n0(), st.core());
                    }
                }
                assertEquals(24, storeCores.size());
                if (p == null) coresByOrder.add(java.util.List.copyOf(storeCores.values()));
            }
        }
        assertEquals(org.nxm.compiler.tile.Raster.values().length, coresByOrder.size());
    }

    @Test
    void aProgramCompiledForAnotherHardwareIsRefused() {
        Program prog = compile(HardwareConfig.preset("edge-4"), Lowering.singleGemm(32, 32, 64), NmPattern.TWO_FOUR);
        InputException e = assertThrows(InputException.class, () -> new TensorCoreRun(HardwareConfig.preset("edge-16")).run(prog, "p.json"));
        assertTrue(e.getMessage().contains("edge-4") && e.getMessage().contains("edge-16"), e.getMessage());
    }

    @Test
    void a100GemmTwoFourSpeedupIsInThePublishedBand() {
        HardwareConfig a100 = HardwareConfig.preset("a100");
        Program prog = compile(a100, Lowering.singleGemm(3072, 3072, 10240), NmPattern.TWO_FOUR);
        TensorCoreRun run = new TensorCoreRun(a100);
        SimReport sparse = run.run(prog, "gemm");
        SimReport dense = run.runDenseTwin(prog, "gemm");
        double speedup = (double) dense.cycles() / sparse.cycles();
        System.out.printf("a100 GEMM 3072x3072x10240 2:4: %d vs dense %d cycles, speedup %.3f, dense utilisation %.3f%n",
                sparse.cycles(), dense.cycles(), speedup, dense.utilization());
        assertTrue(speedup >= 1.2 && speedup <= 1.9, "speedup " + speedup);
        assertTrue(dense.utilization() >= 0.80, "compute-bound dense GEMM utilisation " + dense.utilization());
    }

    @Test
    void bertBaseEndToEndTwoFourSpeedupIsInThePublishedBand() {
        HardwareConfig a100 = HardwareConfig.preset("a100");
        Program prog = compile(a100, Lowering.lower(ModelShape.of(TransformerConfig.preset("bert-base"), 16, 128)), NmPattern.TWO_FOUR);
        TensorCoreRun run = new TensorCoreRun(a100);
        SimReport sparse = run.run(prog, "bert-base");
        SimReport dense = run.runDenseTwin(prog, "bert-base");
        double speedup = (double) dense.cycles() / sparse.cycles();
        System.out.printf("a100 BERT-base b16 s128 2:4: %d vs dense %d cycles, speedup %.3f%n", sparse.cycles(), dense.cycles(), speedup);
        assertTrue(speedup >= 1.1 && speedup <= 1.6, "speedup " + speedup);
    }
}
