package org.nxm.compiler.validate;

import static org.nxm.compiler.validate.ValidationRule.at;
import static org.nxm.compiler.validate.ValidationRule.contains;

import java.util.List;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.program.BufferSlot;
import org.nxm.compiler.program.MemoryLevel;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.TileOp;
import org.nxm.compiler.target.Target;
import org.nxm.model.io.InputException;

/**
 * Rule 3: buffers. Every slot lies within its level's per-core capacity (the target's), no op writes
 * more than its slot holds, and a new occupancy of a slot waits (DATA or BUFFER_REUSE edge) for every
 * reader of the overlapping slots' previous occupancy (or its writer, when nothing read it), so
 * occupancy never exceeds capacity. Records the peak live bytes per level.
 */
final class BufferRule implements ValidationRule {
    private long peakShared, peakRegister;

    long peakShared() { return peakShared; }

    long peakRegister() { return peakRegister; }

    @Override
    public void check(Program p, HardwareConfig hw) {
        Target target = Target.of(hw);
        for (BufferSlot s : p.slots()) {
            long cap = target.bufferCapacity(s.level());
            if (s.offset() < 0 || s.bytes() < 0 || s.end() > cap) {
                throw new InputException("slot " + s.id() + " (" + s.purpose() + "): bytes [" + s.offset() + ", " + s.end()
                        + ") exceed the " + s.level() + " capacity of " + cap + " bytes per core");
            }
        }
        long[] sharedNow = new long[hw.cores()];
        long[] regNow = new long[hw.cores()];
        SlotOccupancy.replay(p, hw.cores(), new SlotOccupancy.Listener() {
            @Override
            public void write(TileOp op, BufferSlot slot) {
                long writes = writtenBytes(op, p);
                if (writes > slot.bytes()) {
                    throw new InputException(at(op) + ": writes " + writes + " bytes into slot " + slot.id() + " ("
                            + slot.purpose() + ") of " + slot.bytes() + " bytes");
                }
            }

            @Override
            public void overwrite(TileOp op, BufferSlot slot, SlotOccupancy.Occupancy o) {
                int[] preds = p.graph().predecessors(op.id());
                List<Integer> mustWait = o.readers.isEmpty() ? List.of(o.lastWriter) : o.readers;
                for (int r : mustWait) {
                    if (r != op.id() && !contains(preds, r)) {
                        throw new InputException(at(op) + ": overwrites slot " + slot.id() + " (" + slot.purpose()
                                + ") while op " + r + " may still read overlapping slot " + o.slot.id()
                                + " (missing BUFFER_REUSE edge)");
                    }
                }
            }

            @Override
            public void ended(TileOp op, SlotOccupancy.Occupancy o) {
                if (o.slot.level() == MemoryLevel.SHARED) sharedNow[op.core()] -= o.slot.bytes();
                else regNow[op.core()] -= o.slot.bytes();
            }

            @Override
            public void started(TileOp op, BufferSlot slot) {
                if (slot.level() == MemoryLevel.SHARED) peakShared = Math.max(peakShared, sharedNow[op.core()] += slot.bytes());
                else peakRegister = Math.max(peakRegister, regNow[op.core()] += slot.bytes());
            }
        });
    }

    /** Bytes an op puts into its slot: a load's bytes, an accumulator tile for MMA/reduce/fused vector. */
    private static long writtenBytes(TileOp op, Program p) {
        long acc = p.dtype().accumulatorBytes();
        if (op instanceof TileOp.Mma m) return (long) m.tile().bm() * m.tile().bn() * acc;
        if (op instanceof TileOp.Reduce r) return (long) r.tile().bm() * r.tile().bn() * acc;
        if (op instanceof TileOp.VectorOp v) return v.tile() == null ? 0 : (long) v.tile().bm() * v.tile().bn() * acc;
        return op.bytes();
    }
}
