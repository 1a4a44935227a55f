package org.nxm.compiler.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nxm.compiler.program.BufferSlot;
import org.nxm.compiler.program.MemoryLevel;

/** Which earlier ops a write into a core's buffer must wait for, with slots of two GEMMs that overlap in part. */
class CoreSlotsTest {
    private static BufferSlot shared(int id, long offset, long bytes) {
        return new BufferSlot(id, MemoryLevel.SHARED, offset, bytes, "tile");
    }

    @Test
    void aWriteIntoTheRestOfAPartlyOverwrittenSlotStillWaitsForItsReaders() {
        CoreSlots c = new CoreSlots();
        BufferSlot a = shared(0, 0, 100), b = shared(1, 100, 100), a2 = shared(2, 0, 150), b2 = shared(3, 150, 150);
        assertEquals(List.of(), c.write(a, 0));
        assertEquals(List.of(), c.write(b, 1));
        c.read(a, 2);
        c.read(b, 2);
        c.read(b, 3);
        // [0, 150) overlaps both: wait for the readers of each, once.
        assertEquals(List.of(2, 3), c.write(a2, 4));
        // [150, 300) overlaps only what is left of b, [150, 200): its readers still count.
        assertEquals(List.of(2, 3), c.write(b2, 5));
        // b2 was not read: a later write into it waits for its writer; a2's bytes were not touched by b2.
        assertEquals(List.of(5), c.write(b2, 6));
        c.read(a2, 7);
        assertEquals(List.of(7), c.write(shared(4, 0, 10), 8));
        // [10, 150) is still what op 4 wrote and op 7 read.
        assertEquals(List.of(7), c.write(shared(5, 140, 5), 9));
    }

    @Test
    void levelsDoNotOverlap() {
        CoreSlots c = new CoreSlots();
        c.write(shared(0, 0, 64), 0);
        c.read(shared(0, 0, 64), 1);
        assertEquals(List.of(), c.write(new BufferSlot(1, MemoryLevel.REGISTER, 0, 64, "accumulator"), 2));
        assertEquals(List.of(1), c.write(shared(0, 0, 64), 3));
    }
}
