package org.nxm.compiler.validate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nxm.compiler.program.BufferSlot;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.TileOp;

/**
 * Replays the buffer slots' occupancies per core in schedule order, for the rules that reason about them
 * ({@link InputsProducedRule}, {@link BufferRule}): a load, a first MMA or a store-free write starts an
 * occupancy, which ends the live occupancies of every overlapping slot on that core; an accumulating op
 * continues the occupancy of its slot; a read records a reader of the slot's live occupancy.
 */
final class SlotOccupancy {
    /** One occupancy of a slot: its last writer and the ops that read it since. */
    static final class Occupancy {
        final BufferSlot slot;
        int lastWriter;
        final List<Integer> readers = new ArrayList<>();

        Occupancy(BufferSlot slot, int writer) {
            this.slot = slot;
            this.lastWriter = writer;
        }
    }

    /** What a rule looks at during the replay; each hook runs before the state changes. */
    interface Listener {
        /** {@code op} reads slot {@code s}, whose live occupancy is {@code live} (null: nothing there). */
        default void read(TileOp op, int s, Occupancy live) {}

        /** {@code op} writes into {@code slot} (loads, MMAs, reduces, fused vector ops). */
        default void write(TileOp op, BufferSlot slot) {}

        /** {@code op} starts an occupancy of {@code slot} (after ending the overlapping ones). */
        default void started(TileOp op, BufferSlot slot) {}

        /** {@code op} ended {@code ended} by starting its own occupancy. */
        default void ended(TileOp op, Occupancy ended) {}

        /** {@code op} accumulates into {@code slot}, whose live occupancy is {@code live} (null: nothing there). */
        default void accumulate(TileOp op, BufferSlot slot, Occupancy live) {}
    }

    private SlotOccupancy() {}

    static void replay(Program p, int cores, Listener l) {
        List<List<Occupancy>> live = new ArrayList<>();
        List<Map<Integer, Occupancy>> bySlot = new ArrayList<>();
        for (int c = 0; c < cores; c++) {
            live.add(new ArrayList<>());
            bySlot.add(new HashMap<>());
        }
        for (TileOp op : p.ops()) {
            Map<Integer, Occupancy> slots = bySlot.get(op.core());
            for (int s : op.readSlots()) {
                Occupancy occ = slots.get(s);
                l.read(op, s, occ);
                if (occ != null) occ.readers.add(op.id());
            }
            if (op.slot() < 0 || op instanceof TileOp.Store) continue;
            BufferSlot slot = p.slot(op.slot());
            l.write(op, slot);
            if (op.startsOccupancy()) {
                List<Occupancy> mine = live.get(op.core());
                for (int i = mine.size() - 1; i >= 0; i--) {
                    Occupancy o = mine.get(i);
                    if (!o.slot.overlaps(slot)) continue;
                    mine.remove(i);
                    slots.remove(o.slot.id());
                    l.ended(op, o);
                }
                Occupancy n = new Occupancy(slot, op.id());
                mine.add(n);
                slots.put(slot.id(), n);
                l.started(op, slot);
            } else {
                Occupancy occ = slots.get(op.slot());
                l.accumulate(op, slot, occ);
                if (occ != null) {
                    occ.lastWriter = op.id();
                    occ.readers.clear();
                }
            }
        }
    }
}
