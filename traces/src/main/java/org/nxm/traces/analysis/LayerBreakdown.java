package org.nxm.traces.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nxm.traces.TraceHeader;

/**
 * Per-layer figures and where each layer sits on the roofline.
 *
 * <p>A layer is <b>memory-bound</b> when its arithmetic intensity (MACs per DRAM byte) is below the machine's
 * ridge point (peak MACs/cycle over peak DRAM bytes/cycle): even at full DRAM bandwidth it cannot keep the
 * cores busy. Otherwise it is <b>compute-bound</b>. A layer that moves no DRAM bytes is compute-bound; one with
 * neither MACs nor DRAM bytes is {@code vector} when it has vector work, else {@code idle} (e.g. only stalls).
 *
 * @param peakMacsPerCycle      the compute roof (sum of the cores' peaks)
 * @param peakDramBytesPerCycle the DRAM level's peak
 * @param ridgeIntensity        MACs per DRAM byte where the two roofs meet (null when DRAM peak is unknown)
 */
public record LayerBreakdown(double peakMacsPerCycle, double peakDramBytesPerCycle, Double ridgeIntensity, List<LayerRow> layers) {

    /** Name used for events that belong to no layer. */
    public static final String NO_LAYER = "(no layer)";

    /**
     * @param cycles         the layer's own share of the run ({@link LayerShares}): from the completion of all
     *                       earlier layers to its own completion; the {@code (no layer)} row gets the tail after the
     *                       last layer completes. All rows add up to the trace's cycles.
     * @param spanCycles     last event end minus first event start (overlaps other layers; for reference only)
     * @param mmaCycles      sum of MMA event durations (over all cores)
     * @param transferCycles sum of load/store durations (all levels)
     * @param dramCycles     sum of load/store durations on DRAM units
     * @param intensity      MACs per DRAM byte (null when no DRAM bytes)
     * @param macsPerCycle   achieved: MACs / cycles
     * @param attainableMacsPerCycle the roofline's bound at this intensity
     */
    public record LayerRow(int index, String name, long events, long firstCycle, long lastCycle, long cycles, long spanCycles, long macs,
                           long dramBytes, Map<String, Long> bytesByLevel, long mmaCycles, long transferCycles,
                           long dramCycles, long vectorCycles, long stallCycles, double macsPerCycle, Double intensity,
                           double attainableMacsPerCycle, String bound) {}

    public static LayerBreakdown of(TraceStats s) {
        TraceHeader h = s.header();
        double peakMacs = h.peakMacsPerCycle();
        int dram = s.dramLevel;
        double peakDram = dram < 0 ? 0 : h.memoryLevels().get(dram).peakBytesPerCycle();
        Double ridge = Ratios.of(peakMacs, peakDram);
        List<LayerRow> rows = new ArrayList<>();
        int n = s.layerEvents.length;
        long[] last = new long[n - 1];
        for (int i = 0; i < n - 1; i++) last[i] = s.layerEvents[i] == 0 ? -1 : s.layerLast[i];
        long start = 0; // traces start at cycle 0
        long[] own = LayerShares.of(start, last);
        long tail = Math.max(0, s.cycles() - LayerShares.completion(start, last));
        for (int i = 0; i < n; i++) {
            if (s.layerEvents[i] == 0) continue;
            boolean none = i == n - 1;
            Map<String, Long> byLevel = new LinkedHashMap<>();
            for (int l = 0; l < h.memoryLevels().size(); l++) byLevel.put(h.memoryLevels().get(l).name(), s.layerLevelBytes[i][l]);
            long dramBytes = dram < 0 ? 0 : s.layerLevelBytes[i][dram];
            long macs = s.layerMacs[i];
            long cycles = none ? tail : own[i];
            long span = s.layerLast[i] - s.layerFirst[i];
            Double intensity = Ratios.of(macs, dramBytes);
            double attainable = intensity == null || peakDram == 0 ? peakMacs : Math.min(peakMacs, intensity * peakDram);
            String bound;
            if (dramBytes == 0 && macs == 0) bound = s.layerVectorCycles[i] > 0 ? "vector" : "idle";
            else if (dramBytes == 0) bound = "compute";
            else if (ridge == null || intensity >= ridge) bound = "compute";
            else bound = "memory";
            rows.add(new LayerRow(none ? -1 : i, none ? NO_LAYER : h.layers().get(i), s.layerEvents[i], s.layerFirst[i],
                    s.layerLast[i], cycles, span, macs, dramBytes, byLevel, s.layerMmaCycles[i], s.layerTransferCycles[i],
                    s.layerDramCycles[i], s.layerVectorCycles[i], s.layerStallCycles[i], Ratios.orZero(macs, cycles),
                    intensity, attainable, bound));
        }
        return new LayerBreakdown(peakMacs, peakDram, ridge, rows);
    }
}
