package org.nxm.compiler.validate;

import static org.nxm.compiler.validate.ValidationRule.at;

import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.program.BufferSlot;
import org.nxm.compiler.program.MemoryLevel;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.TileOp;
import org.nxm.compiler.target.Target;
import org.nxm.model.io.InputException;

/**
 * Rule 3: buffer capacity. Every slot lies within its level's per-core capacity (the target's) and no
 * op writes more than its slot holds. Records the peak live bytes per level. That a write waits for the
 * readers of the bytes it overwrites is {@link BufferReuseRule}.
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
