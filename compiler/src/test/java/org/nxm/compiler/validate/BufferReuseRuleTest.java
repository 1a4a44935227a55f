package org.nxm.compiler.validate;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nxm.compiler.Compiler;
import org.nxm.model.numeric.DType;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.program.BufferSlot;
import org.nxm.compiler.program.Edge;
import org.nxm.compiler.program.EdgeKind;
import org.nxm.compiler.program.GemmOperand;
import org.nxm.compiler.program.MemoryLevel;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.Region;
import org.nxm.compiler.program.Tile;
import org.nxm.compiler.program.TileGraph;
import org.nxm.compiler.program.TileOp;
import org.nxm.model.io.InputException;

/**
 * The write-after-read rule on a program built by hand, shaped like the case compiled programs used to
 * get wrong: one GEMM's A and B tiles in shared bytes [0, 100) and [100, 200), read by its MMA (op 2);
 * the next GEMM's larger tiles at [0, 150) and [150, 300). The first new load (op 4) overlaps both old
 * slots and waits for the MMA; the second (op 5) overlaps only the rest of the old B slot, [150, 200),
 * which the MMA may still be reading, so it must be ordered after the MMA too.
 */
class BufferReuseRuleTest {
    private static final HardwareConfig HW = HardwareConfig.preset("edge-4");

    private static final List<BufferSlot> SLOTS = List.of(
            new BufferSlot(0, MemoryLevel.SHARED, 0, 100, "A tile"),
            new BufferSlot(1, MemoryLevel.SHARED, 100, 100, "B tile"),
            new BufferSlot(2, MemoryLevel.REGISTER, 0, 64, "accumulator"),
            new BufferSlot(3, MemoryLevel.SHARED, 0, 150, "A tile"),
            new BufferSlot(4, MemoryLevel.SHARED, 150, 150, "B tile"));

    private static TileOp load(int id, GemmOperand operand, long bytes, int slot) {
        return new TileOp.LoadActivations(id, 0, 0, 0, operand, new Region(0, 1, 0, 1), bytes, slot, MemoryLevel.DRAM, MemoryLevel.SHARED);
    }

    private static List<TileOp> ops() {
        Tile t = new Tile(0, 4, 0, 4, 0, 4);
        return List.of(
                load(0, GemmOperand.A, 100, 0),
                load(1, GemmOperand.B, 100, 1),
                new TileOp.Mma(2, 0, 0, 0, t, false, null, DType.F16, 16, 8, 16, 1, t.denseMacs(), 0, -1, 1, 2, false,
                        200, MemoryLevel.SHARED, MemoryLevel.REGISTER),
                new TileOp.Store(3, 0, 0, 0, t, null, false, 32, 2, MemoryLevel.REGISTER, MemoryLevel.DRAM),
                load(4, GemmOperand.A, 150, 3),
                load(5, GemmOperand.B, 150, 4));
    }

    private static List<Edge> edges(Edge... more) {
        List<Edge> e = new ArrayList<>(List.of(
                new Edge(0, 2, EdgeKind.DATA), new Edge(1, 2, EdgeKind.DATA), new Edge(2, 3, EdgeKind.DATA),
                new Edge(2, 4, EdgeKind.BUFFER_REUSE)));
        e.addAll(List.of(more));
        return e;
    }

    /** The header (tensors, GEMMs) of a real compiled program; the rule reads only ops, slots and edges. */
    private static Program program(List<Edge> edges) {
        Program p = Compiler.compile(new Compiler.Request(Lowering.singleGemm(16, 16, 64), HW, null, null, null)).program();
        return new Program(p.formatVersion(), p.hardwareName(), p.hardwareDigest(), p.hardwareYaml(), p.model(), p.pattern(),
                p.dtype(), p.layout(), p.tensors(), p.gemms(), SLOTS, new TileGraph(ops(), edges), p.layers(), p.estimatedCycles(),
                p.weights(), p.parameters());
    }

    @Test
    void aLoadIntoTheRestOfAPartlyOverwrittenSlotWithoutAnEdgeIsRejectedNamingIt() {
        InputException e = assertThrows(InputException.class, () -> new BufferReuseRule().check(program(edges()), HW));
        for (String f : List.of("op 5 (load_activations, layer 0, core 0)", "bytes [150, 200)", "op 2 (mma, core 0)",
                "missing BUFFER_REUSE edge")) {
            assertTrue(e.getMessage().contains(f), e.getMessage());
        }
        // The whole pass rejects it too.
        assertThrows(InputException.class, () -> ProgramValidator.validate(program(edges()), HW));
    }

    @Test
    void theDirectEdgeOrAnyPathFromTheReaderIsEnough() {
        assertDoesNotThrow(() -> new BufferReuseRule().check(program(edges(new Edge(2, 5, EdgeKind.BUFFER_REUSE))), HW));
        // Op 4 already waits for the MMA: ordering op 5 after op 4 orders it after the MMA as well.
        assertDoesNotThrow(() -> new BufferReuseRule().check(program(edges(new Edge(4, 5, EdgeKind.BUFFER_REUSE))), HW));
    }

    @Test
    void aWriteOverBytesNobodyReadWaitsForTheirWriter() {
        // Op 4 without its edge: the MMA read [0, 100) and [100, 200) and op 4 overwrites [0, 150).
        List<Edge> noFirst = new ArrayList<>(edges(new Edge(2, 5, EdgeKind.BUFFER_REUSE)));
        noFirst.removeIf(e -> e.from() == 2 && e.to() == 4);
        InputException e = assertThrows(InputException.class, () -> new BufferReuseRule().check(program(noFirst), HW));
        assertTrue(e.getMessage().contains("op 4 (load_activations") && e.getMessage().contains("op 2 (mma"), e.getMessage());
        // A second load into op 0's slot before anything read it must wait for op 0 (write after write).
        List<TileOp> ops = new ArrayList<>(ops().subList(0, 1));
        ops.add(load(1, GemmOperand.A, 100, 0));
        Program p = program(List.of());
        Program twoWrites = new Program(p.formatVersion(), p.hardwareName(), p.hardwareDigest(), p.hardwareYaml(), p.model(),
                p.pattern(), p.dtype(), p.layout(), p.tensors(), p.gemms(), SLOTS, new TileGraph(ops, List.of()), p.layers(),
                p.estimatedCycles(), p.weights(), p.parameters());
        InputException w = assertThrows(InputException.class, () -> new BufferReuseRule().check(twoWrites, HW));
        assertTrue(w.getMessage().contains("op 1 (load_activations") && w.getMessage().contains("may still be writing"), w.getMessage());
    }
}
