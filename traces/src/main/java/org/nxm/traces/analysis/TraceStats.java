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
        long end = start + duration;
        events++;
        if (start < firstStart) firstStart = start;
        if (end > lastEnd) lastEnd = end;
        this.macs += macs;
        int k = kind.code();
        kindEvents[k]++;
        kindCycles[k] += duration;
        kindBytes[k] += bytes;
        kindMacs[k] += macs;
        unitEvents[unit]++;
        unitMacs[unit] += macs;
        int li = layer < 0 ? layerFirst.length - 1 : layer;
        layerEvents[li]++;
        layerMacs[li] += macs;
        if (start < layerFirst[li]) layerFirst[li] = start;
        if (end > layerLast[li]) layerLast[li] = end;
        if (bytes != 0) {
            unitBytes[unit] += bytes;
            int level = unitLevel[unit];
            if (level >= 0) {
                levelBytes[level] += bytes;
                layerLevelBytes[li][level] += bytes;
            }
        }
        switch (kind.category()) {
            case STALL -> {
                unitStall[unit] += duration;
                layerStallCycles[li] += duration;
                return;
            }
            case MMA -> layerMmaCycles[li] += duration;
            case VECTOR -> layerVectorCycles[li] += duration;
            case LOAD, STORE -> {
                layerTransferCycles[li] += duration;
                if (unitIsDram[unit]) layerDramCycles[li] += duration;
            }
        }
        unitBusy[unit] += duration;
    }

    public TraceHeader header() { return header; }

    public long events() { return events; }

    /** The trace's length: the largest event end. */
    public long cycles() { return lastEnd; }

    public long macs() { return macs; }

    public long dramBytes() { return dramLevel < 0 ? 0 : levelBytes[dramLevel]; }

    public long levelBytes(int level) { return levelBytes[level]; }

    public long unitBusy(int unit) { return unitBusy[unit]; }

    public long kindCycles(EventKind k) { return kindCycles[k.code()]; }

    public long kindEvents(EventKind k) { return kindEvents[k.code()]; }

    public long kindBytes(EventKind k) { return kindBytes[k.code()]; }
}
