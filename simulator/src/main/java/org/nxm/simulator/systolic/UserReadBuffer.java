package org.nxm.simulator.systolic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SCALE-Sim v2's double-buffered read SRAM with a DRAM bandwidth limit (its {@code read_buffer}),
 * modelled address by address for the cycle-stepped reference engine.
 *
 * <p>The operand, in its prefetch order, is cut into 100 "sets" of ⌈words/100⌉ valid addresses. The
 * active half of the SRAM holds a circular window of A sets, the prefetch half the next P. A request
 * for an address outside the window makes the window jump by P sets and issues a DRAM fetch of
 * ⌈(prefetch words)/bw⌉ lines that completes ⌈·⌉+1 cycles after the previous fetch ended; the
 * request waits for it (a stall). The first fill of the active half is issued before cycle 0.
 */
final class UserReadBuffer {
    private final int bw;
    private final long activeSize, prefetchSize;
    private final int numSets, activeSets, prefetchSets;
    private final Map<Long, int[]> setsOf = new HashMap<>();
    private final long fetchLines;
    private final boolean countNegativeOffsets;
    private final DramTraceSink trace;
    private final long[] fetchOrder;
    private long cursor;
    private final long[] lineBuf;

    private int activeStart, activeEnd;
    private long lastPrefetchCycle = -1;
    private boolean filled;
    long numAccess;
    long dramStart = Long.MIN_VALUE, dramStop;

    /**
     * @param fetchOrder   the operand in prefetch order including -1 padding
     * @param countNegativeOffsets SCALE-Sim v2.0.2 lets an early prefetch pull a request's service cycle back
     */
    UserReadBuffer(long sizeWords, int bw, long[] fetchOrder, boolean countNegativeOffsets, DramTraceSink trace) {
        this.bw = bw;
        this.activeSize = (long) Math.ceil(sizeWords * 0.5);
        this.prefetchSize = sizeWords - activeSize;
        this.countNegativeOffsets = countNegativeOffsets;
        this.trace = trace;
        this.fetchOrder = fetchOrder;
        this.lineBuf = new long[bw];
        long perSet = (sizeWords + 99) / 100;
        int set = 0;
        long ctr = 0;
        for (long a : fetchOrder) {
            if (a != -1) {
                int[] prev = setsOf.get(a);
                if (prev == null) setsOf.put(a, new int[] {set});
                else if (prev[prev.length - 1] != set) {
                    int[] n = java.util.Arrays.copyOf(prev, prev.length + 1);
                    n[prev.length] = set;
                    setsOf.put(a, n);
                }
                ctr++;
            }
            if (ctr >= perSet) { set++; ctr = 0; }
        }
        numSets = set + 1;
        int maxActive = (int) ((activeSize + perSet - 1) / perSet);
        int maxPrefetch = (int) ((prefetchSize + perSet - 1) / perSet);
        activeSets = Math.min(maxActive, numSets);
        prefetchSets = Math.min(maxPrefetch, numSets - activeSets);
        fetchLines = (fetchOrder.length + bw - 1) / bw;
    }

    private boolean hit(long addr) {
        int[] sets = setsOf.get(addr);
        if (sets == null) return false;
        for (int s : sets) {
            if (activeStart < activeEnd ? (s >= activeStart && s < activeEnd) : (s >= activeStart || s < activeEnd))
                return true;
        }
        return false;
    }

    /** Serves one line of requests arriving at {@code cycle}; returns the cycle they are served. */
    long serve(long[] line, int width, long cycle) {
        if (!filled) fillActive(cycle);
        long offset = 1;
        for (int i = 0; i < width; i++) {
            long a = line[i];
            if (a == -1) continue;
            while (!hit(a)) {
                newPrefetch();
                long potential = lastPrefetchCycle - (cycle + offset);
                if (countNegativeOffsets || potential > 0) offset += potential;
            }
        }
        return cycle + offset;
    }

    private void fillActive(long startCycle) {
        long lines = Math.min((activeSize + bw - 1) / bw, fetchLines);
        numAccess += lines * bw;
        dramStart = startCycle - lines;
        for (long i = 0; i < lines; i++) emit(startCycle - lines + i);
        lastPrefetchCycle = startCycle - 1;
        dramStop = lastPrefetchCycle;
        activeStart = 0;
        activeEnd = activeSets;
        filled = true;
    }

    private void newPrefetch() {
        activeStart = (activeStart + prefetchSets) % numSets;
        activeEnd = (activeStart + activeSets) % numSets;
        long lines = (prefetchSize + bw - 1) / bw;
        numAccess += lines * bw;
        for (long i = 0; i < lines; i++) emit(lastPrefetchCycle + 2 + i);
        lastPrefetchCycle = lastPrefetchCycle + lines + 1;
        dramStop = lastPrefetchCycle;
    }

    /** One DRAM line: the next bw words of the prefetch order (cyclically; nxm's order, see README). */
    private void emit(long cycle) {
        if (trace == DramTraceSink.NONE) return;
        for (int i = 0; i < bw; i++) {
            lineBuf[i] = fetchOrder[(int) (cursor % fetchOrder.length)];
            cursor++;
        }
        trace.line(cycle, lineBuf, bw);
    }

    static long[] collect(java.util.function.Consumer<java.util.function.LongConsumer> order) {
        List<long[]> chunks = new ArrayList<>();
        long[][] cur = {new long[1 << 16]};
        int[] n = {0};
        order.accept(a -> {
            if (n[0] == cur[0].length) { chunks.add(cur[0]); cur[0] = new long[1 << 16]; n[0] = 0; }
            cur[0][n[0]++] = a;
        });
        int total = chunks.size() * (1 << 16) + n[0];
        long[] all = new long[total];
        int p = 0;
        for (long[] c : chunks) { System.arraycopy(c, 0, all, p, c.length); p += c.length; }
        System.arraycopy(cur[0], 0, all, p, n[0]);
        return all;
    }
}
