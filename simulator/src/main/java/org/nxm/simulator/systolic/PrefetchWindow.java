package org.nxm.simulator.systolic;

/**
 * The event-driven form of SCALE-Sim's bandwidth-limited read buffer ({@link UserReadBuffer}):
 * it works on set indices of whole address ranges instead of single addresses. A request range
 * is served when every set it spans lies in the circular active window; each set outside makes
 * the window jump by P sets, one DRAM prefetch of ⌈prefetch words/bw⌉ lines each.
 */
final class PrefetchWindow {
    private final long perSet;
    private final int numSets, activeSets, prefetchSets;
    final long fillLines;
    private final long prefetchLines;
    private final int bw;
    private int activeStart;
    private boolean filled;
    long lastPrefetchCycle = -1;
    long prefetches;
    long dramStart, dramStop;

    PrefetchWindow(long sizeWords, int bw, long validWords, long fetchLength) {
        this.bw = bw;
        long activeSize = (long) Math.ceil(sizeWords * 0.5);
        long prefetchSize = sizeWords - activeSize;
        perSet = (sizeWords + 99) / 100;
        numSets = (int) (validWords / perSet) + 1;
        int maxActive = (int) ((activeSize + perSet - 1) / perSet);
        int maxPrefetch = (int) ((prefetchSize + perSet - 1) / perSet);
        activeSets = Math.min(maxActive, numSets);
        prefetchSets = Math.min(maxPrefetch, numSets - activeSets);
        fillLines = Math.min((activeSize + bw - 1) / bw, (fetchLength + bw - 1) / bw);
        prefetchLines = (prefetchSize + bw - 1) / bw;
    }

    /** The first request (at cycle {@code start}) fills the active half before compute begins. */
    private SystolicEvents events = SystolicEvents.NONE;
    private SystolicEvents.Operand operand;

    void events(SystolicEvents e, SystolicEvents.Operand op) {
        this.events = e;
        this.operand = op;
    }

    void fill(long start) {
        if (filled) return;
        filled = true;
        dramStart = start - fillLines;
        events.dram(operand, dramStart, fillLines, fillLines * bw);
        lastPrefetchCycle = start - 1;
        dramStop = lastPrefetchCycle;
    }

    /** Requests for the valid-word positions lo…hi (in order); returns the prefetches this caused. */
    long request(long lo, long hi) {
        if (activeSets == numSets) return 0;
        long k = 0;
        long sHi = hi / perSet, sLo = lo / perSet;
        long dLo = Math.floorMod(sLo - activeStart, (long) numSets), dHi = Math.floorMod(sHi - activeStart, (long) numSets);
        if (dLo < activeSets && dHi < activeSets && dHi >= dLo) return 0; // the whole range is in the window
        for (long s = sLo; s <= sHi; s++) {
            long d = Math.floorMod(s - activeStart, (long) numSets);
            if (d >= activeSets) {
                // The window jumps by P sets until it covers s: the first jump count that brings s's
                // offset below A. No wrap-around can come earlier because P <= A (the prefetch half is
                // never larger than the active half).
                long jumps = (d - activeSets + prefetchSets) / prefetchSets;
                activeStart = (int) ((activeStart + jumps * prefetchSets) % numSets);
                k += jumps;
            }
        }
        if (k > 0) {
            events.dram(operand, lastPrefetchCycle + 1, k * (prefetchLines + 1), k * prefetchLines * bw);
            prefetches += k;
            lastPrefetchCycle += k * (prefetchLines + 1);
            dramStop = lastPrefetchCycle;
        }
        return k;
    }

    long dramWords() { return (fillLines + prefetches * prefetchLines) * bw; }
}
