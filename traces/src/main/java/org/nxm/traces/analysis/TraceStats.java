package org.nxm.traces.analysis;

import org.nxm.traces.EventKind;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.TraceSink;
import org.nxm.traces.Unit;
import org.nxm.traces.UnitKind;
import org.nxm.traces.format.NxmtReader;

/**
 * One streaming pass that gathers every total the summary, layers and diff analyses need, in arrays sized by
 * the header (units, levels, layers, kinds): memory does not grow with the trace.
 *
 * <p>Definitions (the simulator's report uses the same):
 * <ul>
 *   <li>cycles: the largest event end (traces start at cycle 0);</li>
 *   <li>busy cycles of a unit: the sum of the durations of its non-stall events (a unit serves one operation
 *       at a time, so its events do not overlap);</li>
 *   <li>stall cycles: the sum of the durations of stall events, by kind;</li>
 *   <li>bytes of a memory level: the bytes of all events on units of that level (transfers; other kinds carry
 *       0 bytes); DRAM bytes are those of the DRAM level ({@link TraceHeader#dramLevel()});</li>
 *   <li>MACs: the sum over all events; a layer's cycles are its own share of the run ({@link LayerShares}),
 *       not its first-to-last-event span.</li>
 * </ul>
 */
public final class TraceStats implements TraceSink {
    private static final int KINDS = 256;

    final TraceHeader header;
    final int[] unitLevel;
    final int dramLevel;
    long events;
    long firstStart = Long.MAX_VALUE;
    long lastEnd;
    long macs;
    long stallCycles;
    long dramTransferCycles;
    final long[] unitBusy;
    final long[] unitStall;
    final long[] unitEvents;
    final long[] unitBytes;
    final long[] unitMacs;
    final long[] levelBytes;
    final long[] kindEvents = new long[KINDS];
    final long[] kindCycles = new long[KINDS];
    final long[] kindBytes = new long[KINDS];
    final long[] kindMacs = new long[KINDS];
    // per layer; index layers.size() collects events without a layer
    final long[] layerFirst;
    final long[] layerLast;
    final long[] layerMacs;
    final long[] layerEvents;
    final long[] layerMmaCycles;
    final long[] layerTransferCycles;
    final long[] layerDramCycles;
    final long[] layerVectorCycles;
    final long[] layerStallCycles;
    final long[][] layerLevelBytes;
    private final boolean[] unitIsDram;

    /** The statistics of a whole trace, from one pass over its events. */
    public static TraceStats of(NxmtReader reader) {
        TraceStats s = new TraceStats(reader.header());
        reader.replay(s);
        return s;
    }

    public TraceStats(TraceHeader header) {
        this.header = header;
        int units = header.units().size();
        int levels = header.memoryLevels().size();
        int layers = header.layers().size() + 1;
        unitLevel = new int[units];
        unitIsDram = new boolean[units];
        dramLevel = header.dramLevel();
        for (int i = 0; i < units; i++) {
            Unit u = header.units().get(i);
            unitLevel[i] = u.memoryLevel();
            unitIsDram[i] = u.kind() == UnitKind.DRAM_CHANNEL || (dramLevel >= 0 && u.memoryLevel() == dramLevel);
        }
        unitBusy = new long[units];
        unitStall = new long[units];
        unitEvents = new long[units];
        unitBytes = new long[units];
        unitMacs = new long[units];
        levelBytes = new long[levels];
        layerFirst = new long[layers];
        layerLast = new long[layers];
        java.util.Arrays.fill(layerFirst, Long.MAX_VALUE);
        layerMacs = new long[layers];
        layerEvents = new long[layers];
        layerMmaCycles = new long[layers];
        layerTransferCycles = new long[layers];
        layerDramCycles = new long[layers];
        layerVectorCycles = new long[layers];
        layerStallCycles = new long[layers];
        layerLevelBytes = new long[layers][levels];
    }

    @Override
    public void event(EventKind kind, int unit, long start, long duration, int layer, int op, long bytes, long macs) {
        long end = start + duration; // both at most 2^61-1 (the reader's limit): no overflow
        events++;
        if (start < firstStart) firstStart = start;
        if (end > lastEnd) lastEnd = end;
        this.macs = add(this.macs, macs, "MACs");
        int k = kind.code();
        kindEvents[k]++;
        kindCycles[k] = add(kindCycles[k], duration, "cycles of an event kind");
        kindBytes[k] = add(kindBytes[k], bytes, "bytes of an event kind");
        kindMacs[k] = add(kindMacs[k], macs, "MACs of an event kind");
        unitEvents[unit]++;
        unitMacs[unit] = add(unitMacs[unit], macs, "MACs of a unit");
        int li = layer < 0 ? layerFirst.length - 1 : layer;
        layerEvents[li]++;
        layerMacs[li] = add(layerMacs[li], macs, "MACs of a layer");
        if (start < layerFirst[li]) layerFirst[li] = start;
        if (end > layerLast[li]) layerLast[li] = end;
        if (bytes != 0) {
            unitBytes[unit] = add(unitBytes[unit], bytes, "bytes of a unit");
            int level = unitLevel[unit];
            if (level >= 0) {
                levelBytes[level] = add(levelBytes[level], bytes, "bytes of a memory level");
                layerLevelBytes[li][level] = add(layerLevelBytes[li][level], bytes, "bytes of a layer");
            }
        }
        switch (kind.category()) {
            case STALL -> {
                stallCycles = add(stallCycles, duration, "stall cycles");
                unitStall[unit] = add(unitStall[unit], duration, "stall cycles of a unit");
                layerStallCycles[li] = add(layerStallCycles[li], duration, "stall cycles of a layer");
                return;
            }
            case MMA -> layerMmaCycles[li] = add(layerMmaCycles[li], duration, "MMA cycles of a layer");
            case VECTOR -> layerVectorCycles[li] = add(layerVectorCycles[li], duration, "vector cycles of a layer");
            case LOAD, STORE -> {
                layerTransferCycles[li] = add(layerTransferCycles[li], duration, "transfer cycles of a layer");
                if (unitIsDram[unit]) {
                    dramTransferCycles = add(dramTransferCycles, duration, "DRAM transfer cycles");
                    layerDramCycles[li] = add(layerDramCycles[li], duration, "DRAM cycles of a layer");
                }
            }
        }
        unitBusy[unit] = add(unitBusy[unit], duration, "busy cycles of a unit");
    }

    /**
     * a + b, or an {@link ArithmeticException} naming the total: one event's cycles, bytes and MACs are at most
     * 2^61-1, so four of them can pass 2^63-1, and a wrapped total would print as a negative figure with exit 0.
     * The reader's replay turns the exception into a {@link org.nxm.traces.TraceException} naming the file and chunk.
     */
    static long add(long a, long b, String what) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) throw new ArithmeticException("the total " + what + " exceeds 2^63-1");
        return r;
    }

    public TraceHeader header() { return header; }

    public long events() { return events; }

    /** The trace's length: the largest event end. */
    public long cycles() { return lastEnd; }

    public long macs() { return macs; }

    /** The sum of the durations of all stall events. */
    public long stallCycles() { return stallCycles; }

    /** The sum of the durations of loads and stores on DRAM units (every layer's DRAM cycles together). */
    public long dramTransferCycles() { return dramTransferCycles; }

    public long dramBytes() { return dramLevel < 0 ? 0 : levelBytes[dramLevel]; }

    public long levelBytes(int level) { return levelBytes[level]; }

    public long unitBusy(int unit) { return unitBusy[unit]; }

    public long kindCycles(EventKind k) { return kindCycles[k.code()]; }

    public long kindEvents(EventKind k) { return kindEvents[k.code()]; }

    public long kindBytes(EventKind k) { return kindBytes[k.code()]; }
}
