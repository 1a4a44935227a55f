package org.nxm.compiler.schedule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nxm.compiler.program.BufferSlot;
import org.nxm.compiler.program.MemoryLevel;

/** The program's buffer slots: slots with equal (level, offset, size) are one slot, shared across GEMMs. */
final class SlotTable {
    private final List<BufferSlot> slots = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();

    /** The slot of these bytes, made on first use. */
    int slot(MemoryLevel level, long offset, long bytes, String purpose) {
        String key = level + ":" + offset + ":" + bytes;
        Integer known = index.get(key);
        if (known != null) return known;
        int id = slots.size();
        slots.add(new BufferSlot(id, level, offset, bytes, level == MemoryLevel.REGISTER ? "accumulator" : purpose + " tile"));
        index.put(key, id);
        return id;
    }

    BufferSlot get(int id) { return slots.get(id); }

    List<BufferSlot> all() { return slots; }
}
