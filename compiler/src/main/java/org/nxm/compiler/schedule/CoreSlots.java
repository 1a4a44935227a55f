package org.nxm.compiler.schedule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nxm.compiler.program.BufferSlot;

/**
 * One core's live slot occupancies: for each, the ops that must finish before it is overwritten; and
 * the core's ping-pong parities (operand slots per K-step, accumulator slots per work unit).
 */
final class CoreSlots {
    int parity;
    int accParity;
    private final Map<Integer, int[]> live = new HashMap<>(); // slot -> readers (first element: writer when no readers yet)
    private final Map<Integer, Boolean> hasReaders = new HashMap<>();

    /** Starts an occupancy of {@code s}; returns the ops it must wait for. */
    List<Integer> occupy(BufferSlot s, int writer, List<BufferSlot> all) {
        List<Integer> wait = new ArrayList<>();
        var it = live.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (!all.get(e.getKey()).overlaps(s)) continue;
            for (int r : e.getValue()) wait.add(r);
            hasReaders.remove(e.getKey());
            it.remove();
        }
        live.put(s.id(), new int[] {writer});
        hasReaders.put(s.id(), false);
        return wait;
    }

    void continueWrite(int s, int writer) {
        live.put(s, new int[] {writer});
        hasReaders.put(s, false);
    }

    void read(int s, int reader) {
        int[] cur = live.get(s);
        if (cur == null) return;
        if (!hasReaders.getOrDefault(s, false)) {
            live.put(s, new int[] {reader});
            hasReaders.put(s, true);
        } else {
            int[] n = Arrays.copyOf(cur, cur.length + 1);
            n[cur.length] = reader;
            live.put(s, n);
        }
    }
}
