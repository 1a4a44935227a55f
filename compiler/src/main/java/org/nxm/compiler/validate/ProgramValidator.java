package org.nxm.compiler.validate;

import java.util.List;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.program.MemoryLevel;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.TensorRegion;
import org.nxm.compiler.program.TileOp;
import org.nxm.compiler.target.Target;

/**
 * The always-on validation pass: one class per rule, run in this order over the ops in schedule order:
 * <ol>
 *   <li>{@link ScheduleOrderRule}: the graph is acyclic (by construction of the tile graph) and the op
 *       list is a topological order (every edge goes forward); every id an op names exists;</li>
 *   <li>{@link InputsProducedRule}: every input is produced before use: a slot read has a live writer on the same core that is a
 *       direct predecessor; a tensor region read has every overlapping writer as a direct predecessor;</li>
 *   <li>{@link BufferRule}: buffer capacity: every slot lies within its level's capacity, no op writes more than its
 *       slot holds;</li>
 *   <li>{@link BufferReuseRule}: buffer reuse: a write into a slot has every op that read those bytes since they were
 *       last written (or their writer, when nothing read them) as an ancestor, followed byte range by byte range;</li>
 *   <li>{@link MacCountRule}: MACs: every GEMM's MMA ops cover M·N·K exactly once and count M·N·K (dense) or M·N·K·n/m;</li>
 *   <li>{@link CompulsoryBytesRule}: bytes: every operand's loads move at least its compulsory bytes, every result is stored.</li>
 * </ol>
 * A violation throws {@link org.nxm.model.io.InputException} naming the op and layer: for a program read from a file it
 * is a bad file; right after compilation it is a compiler bug (the message says which rule broke).
 * Weight tiles are checked against the masked dense weights by {@code WeightTileCheck} when those are known.
 */
public final class ProgramValidator {
    private ProgramValidator() {}

    /** Validation figures (peak buffer occupancy) for stats. */
    public record Result(long peakSharedBytes, long peakRegisterBytes) {}

    public static Result validate(Program p, HardwareConfig hw) {
        new ScheduleOrderRule().check(p, hw);
        new InputsProducedRule().check(p, hw);
        BufferRule buffers = new BufferRule();
        buffers.check(p, hw);
        new BufferReuseRule().check(p, hw);
        new MacCountRule().check(p, hw);
        new CompulsoryBytesRule().check(p, hw);
        return new Result(buffers.peakShared(), buffers.peakRegister());
    }

    /** Per-core capacity of a buffer level ({@link Target#bufferCapacity}). */
    public static long capacity(HardwareConfig hw, MemoryLevel level) {
        return Target.of(hw).bufferCapacity(level);
    }

    /** Tensor regions an op reads from memory (storage coordinates). */
    public static List<TensorRegion> tensorReads(TileOp op, Program p) {
        return TensorAccess.reads(op, p);
    }

    /** The tensor region an op writes to memory, or null. */
    public static TensorRegion tensorWrite(TileOp op, Program p) {
        return TensorAccess.write(op, p);
    }
}
