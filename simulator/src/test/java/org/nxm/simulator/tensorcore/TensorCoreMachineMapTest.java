package org.nxm.simulator.tensorcore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.simulator.engine.OpGraph;
import org.nxm.simulator.memory.Footprint;
import org.nxm.traces.EventKind;

/**
 * {@link TensorCoreMachine#map} on ops small enough to cost by hand (the arithmetic is in the comments):
 * instruction quantisation, operand re-reads by the tensor-core grid, metadata bytes, L2 hits by line,
 * and where an MMA's pipeline latency counts.
 *
 * <p>The machine: 2 cores of 4 tensor cores (a 2×2 grid: gr = gc = 2), m16n8k16 every 8 cycles on each
 * (latency 20), 2:4 sparse, fp16; per core metadata 4 B/cycle, shared port 64 B/cycle, vector unit 16
 * elements/cycle; L2 1 MiB at 128 B/cycle; DRAM 32 B/cycle, latency 100. Resources: core c's MMA pipe,
 * metadata unit, shared port, vector unit are 4c..4c+3; the L2 is 8, DRAM 9.
 */
class TensorCoreMachineMapTest {
    static final TensorCoreParams HW = new TensorCoreParams("tiny", 1e9, 2, 4, 16, 8, 16, 8, 20,
            List.of(NmPattern.TWO_FOUR), 2, 4.0, 64.0, 32, 1 << 20, 128.0, 32.0, 100, 1, 16.0);
    static final int MMA0 = 0, META0 = 1, SMEM0 = 2, VEC0 = 3, MMA1 = 4, SMEM1 = 6, L2 = 8, DRAM = 9;

    private static TensorCoreMachine.Mapped map(TcProgram p) {
        return new TensorCoreMachine(HW).map(p);
    }

    private static void uses(OpGraph g, int op, int[] resources, long[] cycles) {
        int[] r = new int[g.useCount(op)];
        long[] c = new long[g.useCount(op)];
        for (int k = 0; k < r.length; k++) {
            r[k] = g.useResource(op, k);
            c[k] = g.useOccupancy(op, k);
        }
        assertArrayEquals(resources, r, "resources of op " + op);
        assertArrayEquals(cycles, c, "cycles of op " + op);
    }

    @Test
    void denseMmaQuantisedToWholeInstructionsWithOperandReReads() {
        // 17 tokens × 9 weight rows × depth 33: instructions ceil(9/16)·ceil(17/8)·ceil(33/16) = 1·3·3 = 9, though the
        // useful MACs fill 17·9·33 / (9·16·8·16) = 27% of them. Pipe: 9 instructions · 8 cycles / 4 tensor cores = 18.
        // Operands from the shared buffer: each activation row is read by gc = 2 tensor cores, each weight row by gr = 2:
        // 2·17·33·2 + 2·9·33·2 = 2244 + 1188 = 3432 B → ceil(3432 / 64) = ceil(53.6) = 54 cycles of the port.
        TcProgram p = new TcProgram(List.of("l"));
        p.add(new TcOp.Mma(1, 17, 9, 33, null, 0));
        TensorCoreMachine.Mapped m = map(p);
        assertEquals(9, m.issuedMmaInstructions()[0]);
        uses(m.graph(), 0, new int[] {MMA1, SMEM1}, new long[] {18, 54});
        assertArrayEquals(new long[] {0, 3432}, m.bytesOnResource()[0]);
        assertEquals(17L * 9 * 33, m.usefulMacs()[0]);
        assertEquals(EventKind.MMA_DENSE, m.kind()[0]);
        assertEquals(0, m.graph().latency(0), "nothing reads the result");
    }

    @Test
    void sparseMmaCoversTwiceTheDepthPerInstructionAndReadsItsMetadata() {
        // 2:4, 16 tokens × 32 weight rows × depth 64: a sparse instruction consumes k·m/n = 32 of the depth, so
        // ceil(32/16)·ceil(16/8)·ceil(64/32) = 2·2·2 = 8 instructions → 8·8/4 = 16 cycles of the pipe.
        // Activations 2·16·64·2 = 4096 B (all of them, sparsity does not shrink B); kept weights 2·32·32·2 = 4096 B;
        // metadata 2 bits per kept value: ceil(2·32·32·2 / 8) = 512 B → 512 / 4 = 128 cycles of the metadata unit.
        // Port: 4096 + 4096 + 512 = 8704 B → 136 cycles. Useful MACs 16·32·64·2/4 = 16384 of 32768 dense-equivalent.
        TcProgram p = new TcProgram(List.of("l"));
        p.add(new TcOp.Mma(0, 16, 32, 64, NmPattern.TWO_FOUR, 0));
        TensorCoreMachine.Mapped m = map(p);
        assertEquals(8, m.issuedMmaInstructions()[0]);
        uses(m.graph(), 0, new int[] {MMA0, META0, SMEM0}, new long[] {16, 128, 136});
        assertArrayEquals(new long[] {0, 512, 8704}, m.bytesOnResource()[0]);
        assertEquals(16384, m.usefulMacs()[0]);
        assertEquals(32768, m.denseEquivalentMacs()[0]);
        assertEquals(EventKind.MMA_SPARSE, m.kind()[0]);
    }

    @Test
    void aPatternTheMachineCannotSkipRunsDense() {
        // 2:8 on a 2:4 machine: the decoded dense tile, ceil(32/16)·ceil(16/8)·ceil(64/16) = 16 instructions → 32 cycles;
        // 2·16·64·2 + 2·32·64·2 = 4096 + 8192 = 12288 B → 192 cycles; no metadata unit. One fallback, one warning.
        TcProgram p = new TcProgram(List.of("l"));
        p.add(new TcOp.Mma(0, 16, 32, 64, new NmPattern(2, 8), 0));
        TensorCoreMachine.Mapped m = map(p);
        assertEquals(16, m.issuedMmaInstructions()[0]);
        uses(m.graph(), 0, new int[] {MMA0, SMEM0}, new long[] {32, 192});
        assertEquals(EventKind.MMA_DENSE, m.kind()[0]);
        assertEquals(1, m.fallbacks());
        assertEquals(1, m.warnings().size());
    }

    @Test
    void loadsMissInL2ByLineAndStoresWriteThrough() {
        // Footprints of tensor 0 in lines of 32×32 elements. Load 0: 32×64 fp16 = 4096 B, both lines cold: DRAM 4096 B
        // → 128 cycles, L2 4096 / 128 = 32, port 4096 / 64 = 64, plus the DRAM latency 100.
        // Load 1, the same tile: L2 hit, {L2 32, port 64}, no latency. Load 2, columns 32..95: one resident line and
        // one new, DRAM 2048 B → 64 cycles. Store: 32×32 fp16 = 2048 B through port 32, L2 16, DRAM 64.
        TcProgram p = new TcProgram(List.of("l"));
        p.add(new TcOp.Load(0, TcOp.Operand.ACTIVATIONS, 4096, new Footprint(0, 0, 0, 32, 0, 64), 0));
        p.add(new TcOp.Load(0, TcOp.Operand.ACTIVATIONS, 4096, new Footprint(0, 0, 0, 32, 0, 64), 0));
        p.add(new TcOp.Load(1, TcOp.Operand.VALUES, 4096, new Footprint(0, 0, 0, 32, 32, 64), 0));
        p.add(new TcOp.Store(1, 2048, new Footprint(1, 0, 0, 32, 0, 32), 0));
        TensorCoreMachine.Mapped m = map(p);
        OpGraph g = m.graph();
        uses(g, 0, new int[] {DRAM, L2, SMEM0}, new long[] {128, 32, 64});
        assertArrayEquals(new long[] {4096, 4096, 4096}, m.bytesOnResource()[0]);
        assertEquals(100, g.latency(0));
        uses(g, 1, new int[] {L2, SMEM0}, new long[] {32, 64});
        assertEquals(0, g.latency(1));
        uses(g, 2, new int[] {DRAM, L2, SMEM1}, new long[] {64, 32, 64});
        assertArrayEquals(new long[] {2048, 4096, 4096}, m.bytesOnResource()[2]);
        assertEquals(EventKind.LOAD_VALUES, m.kind()[2]);
        uses(g, 3, new int[] {SMEM1, L2, DRAM}, new long[] {32, 16, 64});
    }

    @Test
    void vectorWorkAndWhereTheMmaLatencyCounts() {
        // GELU over 1000 elements at 3 ops each: ceil(3000 / 16) = 188 cycles of the vector unit; it reads and writes
        // its operand in the shared buffer: 2·1000·2 = 4000 B → ceil(62.5) = 63.
        // MMA 0 feeds MMA 1 (the same accumulator, pipelined back to back): no latency; MMA 1 feeds the vector op,
        // which waits for the result: latency 20.
        TcProgram p = new TcProgram(List.of("l"));
        int a = p.add(new TcOp.Mma(0, 8, 16, 16, null, 0));
        int b = p.add(new TcOp.Mma(0, 8, 16, 16, null, 0), a);
        p.add(new TcOp.Vector(0, "gelu", 1000, 3, 0), b);
        TensorCoreMachine.Mapped m = map(p);
        uses(m.graph(), 2, new int[] {VEC0, SMEM0}, new long[] {188, 63});
        assertEquals(0, m.graph().latency(a));
        assertEquals(20, m.graph().latency(b));
        // One instruction each: 1·1·1 → 8 / 4 = 2 cycles of the pipe.
        assertEquals(2, m.graph().useOccupancy(a, 0));
    }
}
