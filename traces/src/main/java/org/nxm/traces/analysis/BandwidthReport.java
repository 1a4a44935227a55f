package org.nxm.traces.analysis;

import java.util.ArrayList;
import java.util.List;
import org.nxm.traces.MemoryLevel;

/**
 * Bytes per cycle per memory level over windows: the {@code bandwidth} analysis.
 *
 * @param window cycles per window
 * @param levels per level: peak window, average over the trace, declared peak
 * @param rows   one per window: its first cycle and bytes per cycle of each level (same order as levels)
 */
public record BandwidthReport(long window, long cycles, List<LevelBandwidth> levels, List<Row> rows) {

    /**
     * @param peakBytesPerCycle    the highest window
     * @param peakWindowStart      first cycle of that window
     * @param averageBytesPerCycle all the level's bytes over all the trace's cycles
     * @param declaredPeak         the level's peak from the header (0 when unknown)
     */
    public record LevelBandwidth(String name, long bytes, double peakBytesPerCycle, long peakWindowStart,
                                 double averageBytesPerCycle, double declaredPeak) {}

    public record Row(long start, double[] bytesPerCycle) {}

    public static BandwidthReport of(Timeline t, long cycles) {
        List<LevelBandwidth> levels = new ArrayList<>();
        List<MemoryLevel> decl = t.header().memoryLevels();
        for (int l = 0; l < decl.size(); l++) {
            double peak = 0, total = 0;
            int peakW = 0;
            for (int w = 0; w < t.windows(); w++) {
                double v = t.bytesPerCycle(l, w);
                total += t.bytes(l, w);
                if (v > peak) {
                    peak = v;
                    peakW = w;
                }
            }
            levels.add(new LevelBandwidth(decl.get(l).name(), Math.round(total), peak, peakW * t.window(),
                    Ratios.orZero(total, cycles), decl.get(l).peakBytesPerCycle()));
        }
        List<Row> rows = new ArrayList<>(t.windows());
        for (int w = 0; w < t.windows(); w++) {
            double[] v = new double[decl.size()];
            for (int l = 0; l < v.length; l++) v[l] = t.bytesPerCycle(l, w);
            rows.add(new Row(w * t.window(), v));
        }
        return new BandwidthReport(t.window(), cycles, levels, rows);
    }
}
