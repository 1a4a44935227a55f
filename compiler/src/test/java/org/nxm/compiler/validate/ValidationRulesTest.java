package org.nxm.compiler.validate;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.nxm.compiler.Compiler;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.program.BufferSlot;
import org.nxm.compiler.program.Edge;
import org.nxm.compiler.program.EdgeKind;
import org.nxm.compiler.program.GemmOperand;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.TileGraph;
import org.nxm.compiler.program.TileOp;
import org.nxm.model.io.InputException;
import org.nxm.model.sparsity.NmPattern;

/** One broken program per validation rule: each rule rejects it, naming what broke. */
class ValidationRulesTest {
    private static final HardwareConfig HW = HardwareConfig.preset("edge-4");

    /** A 2:4 GEMM of 64×64 outputs with several K-steps per core, so slots are reused. */
    private static Program program() {
        return Compiler.compile(new Compiler.Request(Lowering.singleGemm(64, 64, 1024), HW, NmPattern.TWO_FOUR, null, null)).program();
    }

    private static Program with(Program p, List<TileOp> ops, List<Edge> edges, List<BufferSlot> slots) {
        return new Program(p.formatVersion(), p.hardwareName(), p.hardwareDigest(), p.hardwareYaml(), p.model(), p.pattern(),
                p.dtype(), p.layout(), p.tensors(), p.gemms(), slots, new TileGraph(ops, edges), p.layers(), p.estimatedCycles(),
                p.weights(), p.parameters());
    }

    private static Program mapOps(Program p, Predicate<TileOp> which, Function<TileOp, TileOp> change) {
        List<TileOp> ops = new ArrayList<>();
        for (TileOp op : p.ops()) ops.add(which.test(op) ? change.apply(op) : op);
        return with(p, ops, p.edges(), p.slots());
    }

    /** A copy of a record with one component replaced (the op records have many components). */
    @SuppressWarnings("unchecked")
    static <R extends Record> R copy(R r, String component, Object value) {
        try {
            RecordComponent[] cs = r.getClass().getRecordComponents();
            Object[] args = new Object[cs.length];
            Class<?>[] types = new Class<?>[cs.length];
            for (int i = 0; i < cs.length; i++) {
                types[i] = cs[i].getType();
                args[i] = cs[i].getName().equals(component) ? value : cs[i].getAccessor().invoke(r);
            }
            var ctor = r.getClass().getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return (R) ctor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static void rejects(Program p, String... fragments) {
        InputException e = assertThrows(InputException.class, () -> ProgramValidator.validate(p, HW));
        for (String f : fragments) assertTrue(e.getMessage().contains(f), e.getMessage());
    }

    @Test
    void theUnbrokenProgramPasses() {
        assertDoesNotThrow(() -> ProgramValidator.validate(program(), HW));
    }

    @Test
    void scheduleOrderRule() {
        Program p = program();
        rejects(mapOps(p, op -> op.id() == 3, op -> copy((Record & TileOp) op, "core", 9)), "op 3", "core 9 out of range");
        // An edge that points backwards: the listing is no longer a schedule order.
        List<Edge> edges = new ArrayList<>(p.edges());
        Edge forward = edges.get(0);
        edges.set(0, new Edge(forward.to(), forward.from(), forward.kind()));
        assertThrows(RuntimeException.class, () -> ProgramValidator.validate(with(p, p.ops(), edges, p.slots()), HW));
    }

    @Test
    void inputsProducedRule() {
        Program p = program();
        // The first MMA no longer waits for the load of its B tile.
        TileOp mma = p.ops().stream().filter(op -> op instanceof TileOp.Mma).findFirst().orElseThrow();
        int loadB = p.ops().stream().filter(op -> op instanceof TileOp.LoadActivations l && l.operand() == GemmOperand.B
                && op.core() == mma.core() && op.id() < mma.id()).mapToInt(TileOp::id).max().orElseThrow();
        List<Edge> edges = p.edges().stream().filter(e -> !(e.from() == loadB && e.to() == mma.id())).toList();
        rejects(with(p, p.ops(), edges, p.slots()), "op " + mma.id(), "input not produced before use");
        // A store that waits for nothing writes a result no MMA produced into its accumulator.
        TileOp store = p.ops().stream().filter(op -> op instanceof TileOp.Store).findFirst().orElseThrow();
        List<Edge> noStoreDeps = p.edges().stream().filter(e -> e.to() != store.id()).toList();
        rejects(with(p, p.ops(), noStoreDeps, p.slots()), "op " + store.id(), "without depending on it");
    }

    @Test
    void bufferRule() {
        Program p = program();
        // A slot beyond the shared buffer.
        List<BufferSlot> slots = new ArrayList<>(p.slots());
        BufferSlot s0 = slots.get(0);
        long cap = HW.shared().capacityBytes();
        slots.set(0, new BufferSlot(s0.id(), s0.level(), cap - 1, s0.bytes(), s0.purpose()));
        rejects(with(p, p.ops(), p.edges(), slots), "slot 0", "capacity of " + cap);
        // A load bigger than its slot.
        TileOp load = p.ops().get(0);
        rejects(mapOps(p, op -> op.id() == load.id(), op -> copy((Record & TileOp) op, "bytes", p.slot(load.slot()).bytes() + 1)),
                "op 0", "writes " + (p.slot(load.slot()).bytes() + 1) + " bytes");
        // Buffer reuse: without its BUFFER_REUSE edges a load overwrites a tile an MMA may still read.
        List<Edge> noReuse = p.edges().stream().filter(e -> e.kind() != EdgeKind.BUFFER_REUSE).toList();
        assertTrue(noReuse.size() < p.edges().size(), "the program reuses slots");
        rejects(with(p, p.ops(), noReuse, p.slots()), "missing BUFFER_REUSE edge");
    }

    @Test
    void macCountRule() {
        Program p = program();
        TileOp mma = p.ops().stream().filter(op -> op instanceof TileOp.Mma).findFirst().orElseThrow();
        long macs = ((TileOp.Mma) mma).macs();
        rejects(mapOps(p, op -> op.id() == mma.id(), op -> copy((TileOp.Mma) op, "macs", macs + 1)),
                "op " + mma.id(), "counts " + (macs + 1) + " MACs");
        // The last K-step stops one group short (its own MAC count consistent): the GEMM is no longer covered.
        int last = p.ops().stream().filter(op -> op instanceof TileOp.Mma).mapToInt(TileOp::id).max().orElseThrow();
        TileOp.Mma m = (TileOp.Mma) p.ops().get(last);
        var shorter = copy(m.tile(), "bk", m.tile().bk() - 4);
        rejects(mapOps(p, op -> op.id() == last, op -> copy(copy(m, "tile", shorter), "macs", shorter.denseMacs() / 2)),
                "MMA tiles cover");
    }

    @Test
    void compulsoryBytesRule() {
        Program p = program();
        rejects(mapOps(p, op -> op instanceof TileOp.LoadActivations l && l.operand() == GemmOperand.B,
                op -> copy((TileOp.LoadActivations) op, "bytes", 0L)), "B loads move 0 bytes < compulsory " + 64 * 1024 * 2);
        rejects(mapOps(p, op -> op instanceof TileOp.Store, op -> copy((TileOp.Store) op, "bytes", 0L)), "stores move 0 bytes");
        rejects(mapOps(p, op -> op instanceof TileOp.LoadMetadata, op -> copy((TileOp.LoadMetadata) op, "bytes", 0L)),
                "metadata loads move 0 bytes");
    }
}
