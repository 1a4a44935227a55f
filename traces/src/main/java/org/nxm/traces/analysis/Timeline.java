package org.nxm.traces.analysis;

import org.nxm.traces.EventKind;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.TraceSink;
import org.nxm.traces.UnitKind;

/**
 * Per-window totals over a trace: bytes per memory level and busy cycles per unit kind. An event spanning
 * several windows is spread over them in proportion to its overlap (its bytes move at a steady rate).
 * Memory: windows x (levels + unit kinds) doubles, independent of the number of events.
 */
public final class Timeline implements TraceSink {
    /** Refuse more windows than this: the arrays would not fit a small heap, and no plot needs them. */
    public static final long MAX_WINDOWS = 2_000_000;

    private final TraceHeader header;
    private final long window;
    private final int windows;
    private final int[] unitLevel;
    private final int[] unitKind;
    private final int[] unitsOfKind = new int[UnitKind.values().length];
    private final double[][] levelBytes; // [level][window]
    private final double[][] kindBusy; // [unit kind ordinal][window]

    /**
     * @param window     cycles per window (>= 1)
     * @param lastCycle  the trace's length, from {@code NxmtReader.lastCycle()}
     */
    public Timeline(TraceHeader header, long window, long lastCycle) {
        if (window < 1) throw new IllegalArgumentException("--window must be >= 1 cycle, got " + window);
        long n = Math.max(1, (lastCycle + window - 1) / window);
        if (n > MAX_WINDOWS)
            throw new IllegalArgumentException("--window " + window + " gives " + n + " windows over " + lastCycle
                    + " cycles; use --window " + ((lastCycle + MAX_WINDOWS - 1) / MAX_WINDOWS) + " or more");
        this.header = header;
        this.window = window;
        this.windows = (int) n;
        int units = header.units().size();
        unitLevel = new int[units];
        unitKind = new int[units];
        for (int i = 0; i < units; i++) {
            unitLevel[i] = header.units().get(i).memoryLevel();
            unitKind[i] = header.units().get(i).kind().ordinal();
            unitsOfKind[unitKind[i]]++;
        }
        levelBytes = new double[header.memoryLevels().size()][windows];
        kindBusy = new double[UnitKind.values().length][windows];
    }

    @Override
    public void event(EventKind kind, int unit, long start, long duration, int layer, int op, long bytes, long macs) {
        boolean stall = kind.isStall();
        int level = unitLevel[unit];
        boolean countBytes = bytes != 0 && level >= 0;
        if (stall && !countBytes) return;
        if (duration == 0) {
            if (countBytes) levelBytes[level][clamp(start / window)] += bytes;
            return;
        }
        long end = start + duration;
        int first = clamp(start / window);
        int last = clamp((end - 1) / window);
        double[] busy = kindBusy[unitKind[unit]];
        double[] lb = countBytes ? levelBytes[level] : null;
        for (int w = first; w <= last; w++) {
            long ws = Math.max(start, (long) w * window);
            // The last window takes whatever is left (events past the declared length when a caller underestimated it).
            long we = w == windows - 1 ? end : Math.min(end, (long) (w + 1) * window);
            long overlap = we - ws;
            if (overlap <= 0) continue;
            if (!stall) busy[w] += overlap;
            if (lb != null) lb[w] += (double) bytes * overlap / duration;
        }
    }

    private int clamp(long w) {
        return (int) Math.min(w, windows - 1);
    }

    public TraceHeader header() { return header; }

    public long window() { return window; }

    public int windows() { return windows; }

    /** Bytes per cycle of a memory level in window w. */
    public double bytesPerCycle(int level, int w) { return levelBytes[level][w] / window; }

    public double bytes(int level, int w) { return levelBytes[level][w]; }

    /** Busy fraction (0..1) of the units of a kind in window w, averaged over those units. */
    public double utilisation(UnitKind kind, int w) {
        int n = unitsOfKind[kind.ordinal()];
        return n == 0 ? 0 : kindBusy[kind.ordinal()][w] / ((double) window * n);
    }

    public int unitsOf(UnitKind kind) { return unitsOfKind[kind.ordinal()]; }
}
