package org.nxm.simulator.tensorcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.simulator.engine.EventDrivenEngine;
import org.nxm.simulator.memory.Footprint;
import org.nxm.simulator.report.SimReport;
import org.nxm.simulator.report.StallBreakdown;

/**
 * The stall classification itself, on programs where the answer is known: an MMA that waits for a DRAM
 * load stalls on memory; an MMA that waits for another core's vector op stalls on a dependency.
 * (That the three parts add up to cores × cycles holds by construction and says nothing about this.)
 */
class StallClassificationTest {
    private static final HardwareConfig HW = HardwareConfig.preset("edge-4");

    private static SimReport run(TcProgram p) {
        return new TensorCoreSimulator(HardwareParams.from(HW), new EventDrivenEngine()).run(p, "dense");
    }

    @Test
    void waitingForALoadIsAMemoryStall() {
        TcProgram p = new TcProgram(List.of("layer0"));
        int load = p.add(new TcOp.Load(0, TcOp.Operand.ACTIVATIONS, 64 * 1024, new Footprint(0, 0, 0, 256, 0, 128), 0));
        p.add(new TcOp.Mma(0, 16, 16, 16, null, 0), load);
        StallBreakdown s = run(p).stalls();
        // Core 0 idles until the 64 KiB arrive: at least the DRAM latency, all of it memory.
        assertTrue(s.memoryStallCycles() >= HW.dram().latencyCycles(), s.toString());
        long memoryBefore = s.memoryStallCycles();
        // The same MMA without the load starts at once: no memory stall left.
        TcProgram q = new TcProgram(List.of("layer0"));
        q.add(new TcOp.Mma(0, 16, 16, 16, null, 0));
        assertEquals(0, run(q).stalls().memoryStallCycles());
        assertTrue(memoryBefore > 0);
    }

    @Test
    void waitingForAnotherCoresResultIsADependencyStall() {
        TcProgram p = new TcProgram(List.of("layer0"));
        long elements = 1 << 16;
        int vec = p.add(new TcOp.Vector(0, "gelu", elements, 3, 0));
        p.add(new TcOp.Mma(1, 16, 16, 16, null, 0), vec);
        SimReport r = run(p);
        StallBreakdown s = r.stalls();
        assertEquals(0, s.memoryStallCycles(), s.toString());
        // Core 1 waits the whole vector op: at least elements·ops / (elements per cycle) cycles.
        long vectorCycles = (long) Math.ceil(elements * 3 / HW.vectorElementsPerCycle());
        assertTrue(s.dependencyStallCycles() >= vectorCycles, s + " vs " + vectorCycles);
        assertEquals((long) HW.cores() * r.cycles(), s.total());
    }

    @Test
    void exactCoreCyclesOnAHandBuiltProgram() {
        // On the two-core machine of TensorCoreMachineMapTest (costs worked out there): core 0 loads a cold 32×64 fp16
        // tile (DRAM 128 cycles + latency 100: done at 228), then MMA 0 (16×16×16 dense: 2 instructions → pipe 4 cycles,
        // 2048 operand bytes → port 32 cycles; its consumer is an MMA, so no pipeline latency): busy [228, 232), done at
        // 260. Core 1's MMA 1 waits for MMA 0's result: starts 260, pipe [260, 264), done at 292 = the run's cycles.
        // Core 0: 228 idle before an op whose last input was a load → memory; computes 4; idle 292 − 232 = 60 after its
        // last op → dependency. Core 1: 260 idle waiting for another core's MMA → dependency; computes 4; tail 28.
        TcProgram p = new TcProgram(List.of("layer0"));
        int load = p.add(new TcOp.Load(0, TcOp.Operand.ACTIVATIONS, 4096, new Footprint(0, 0, 0, 32, 0, 64), 0));
        int mma0 = p.add(new TcOp.Mma(0, 16, 16, 16, null, 0), load);
        p.add(new TcOp.Mma(1, 16, 16, 16, null, 0), mma0);
        SimReport r = new TensorCoreSimulator(TensorCoreMachineMapTest.HW, new EventDrivenEngine()).run(p, "dense");
        assertEquals(292, r.cycles());
        StallBreakdown s = r.stalls();
        assertEquals(8, s.computeCycles(), s.toString());
        assertEquals(228, s.memoryStallCycles(), s.toString());
        assertEquals(60 + 260 + 28, s.dependencyStallCycles(), s.toString());
    }

    @Test
    void theLastInputDecides() {
        // The MMA on core 1 waits for a short load on its own core and a long vector op on core 0: the vector
        // op arrives last, so the wait is a dependency; with a huge load instead, the load arrives last: memory.
        for (long loadBytes : new long[] {256, 8L << 20}) {
            TcProgram p = new TcProgram(List.of("layer0"));
            int vec = p.add(new TcOp.Vector(0, "gelu", 1 << 14, 3, 0));
            int load = p.add(new TcOp.Load(1, TcOp.Operand.ACTIVATIONS, loadBytes, new Footprint(0, 0, 0, 16, 0, 8), 0));
            p.add(new TcOp.Mma(1, 16, 16, 16, null, 0), vec, load);
            StallBreakdown s = run(p).stalls();
            if (loadBytes == 256) assertEquals(0, s.memoryStallCycles(), s.toString());
            else assertTrue(s.memoryStallCycles() > 0, s.toString());
        }
    }
}
