package org.nxm.traces.analysis;

import java.util.ArrayList;
import java.util.List;
import org.nxm.traces.EventKind;
import org.nxm.traces.MemoryLevel;
import org.nxm.traces.TraceEnergy;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.Unit;

/**
 * What {@code nxm trace summary} reports; see {@link TraceStats} for the definitions of each figure.
 *
 * @param cycles             the trace's length in cycles (largest event end)
 * @param seconds            cycles at the clock
 * @param macsPerCycle       achieved MACs per cycle over the whole trace
 * @param computeUtilisation macsPerCycle / peakMacsPerCycle
 * @param stallCycles        all stall cycles, over all units
 * @param energy             the energy the producer accounted ({@link TraceEnergy}), or null
 */
public record Summary(String hardware, String hardwareDigest, double clockHz, boolean truncated, long events,
                      long cycles, double seconds, long macs, long dramBytes, double peakMacsPerCycle,
                      double macsPerCycle, double computeUtilisation, List<UnitRow> units, List<LevelRow> memoryLevels,
                      long stallCycles, List<StallRow> stalls, List<KindRow> kinds, List<LayerShareRow> layers,
                      TraceEnergy energy) {

    /** One layer: its own share of the run ({@link LayerShares}), that share over the trace, its MACs per own cycle. */
    public record LayerShareRow(String name, long cycles, double share, double macsPerCycle, String bound) {}

    /** One unit: busy = sum of its non-stall event durations; utilisation = busy / trace cycles. */
    public record UnitRow(String name, String kind, long events, long busyCycles, double utilisation, long stallCycles,
                          long bytes, long macs) {}

    /** One memory level: bytes moved, average bytes per cycle over the trace, against the level's peak. */
    public record LevelRow(String name, long bytes, double bytesPerCycle, double peakBytesPerCycle, double utilisation) {}

    /** One stall kind: cycles and share of all stall cycles. */
    public record StallRow(String kind, long cycles, double share) {}

    /** One event kind: count, cycles (sum of durations), bytes, MACs. */
    public record KindRow(String kind, long events, long cycles, long bytes, long macs) {}

    public static Summary of(TraceStats s, boolean truncated) {
        TraceHeader h = s.header();
        long cycles = s.cycles();
        List<UnitRow> units = new ArrayList<>();
        for (int i = 0; i < h.units().size(); i++) {
            Unit u = h.units().get(i);
            units.add(new UnitRow(u.name(), u.kind().name().toLowerCase(java.util.Locale.ROOT), s.unitEvents[i],
                    s.unitBusy[i], Ratios.orZero(s.unitBusy[i], cycles), s.unitStall[i], s.unitBytes[i], s.unitMacs[i]));
        }
        List<LevelRow> levels = new ArrayList<>();
        for (int i = 0; i < h.memoryLevels().size(); i++) {
            MemoryLevel m = h.memoryLevels().get(i);
            double bpc = Ratios.orZero(s.levelBytes[i], cycles);
            levels.add(new LevelRow(m.name(), s.levelBytes[i], bpc, m.peakBytesPerCycle(), Ratios.orZero(bpc, m.peakBytesPerCycle())));
        }
        long stallCycles = s.stallCycles();
        List<StallRow> stalls = new ArrayList<>();
        List<KindRow> kinds = new ArrayList<>();
        for (EventKind k : EventKind.values()) {
            String name = k.name().toLowerCase(java.util.Locale.ROOT);
            if (k.isStall()) stalls.add(new StallRow(name, s.kindCycles(k), Ratios.orZero(s.kindCycles(k), stallCycles)));
            if (s.kindEvents(k) > 0) kinds.add(new KindRow(name, s.kindEvents(k), s.kindCycles(k), s.kindBytes(k), s.kindMacs[k.code()]));
        }
        double peak = h.peakMacsPerCycle();
        double mpc = Ratios.orZero(s.macs(), cycles);
        List<LayerShareRow> layers = new ArrayList<>();
        for (LayerBreakdown.LayerRow r : LayerBreakdown.of(s).layers())
            layers.add(new LayerShareRow(r.name(), r.cycles(), Ratios.orZero(r.cycles(), cycles), r.macsPerCycle(), r.bound()));
        return new Summary(h.hardwareName(), h.hardwareDigest(), h.clockHz(), truncated, s.events(), cycles,
                cycles / h.clockHz(), s.macs(), s.dramBytes(), peak, mpc, Ratios.orZero(mpc, peak), units, levels,
                stallCycles, stalls, kinds, layers, TraceEnergy.of(h));
    }
}
