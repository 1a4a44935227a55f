package org.nxm.traces.plot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nxm.traces.TraceEnergy;
import org.nxm.traces.analysis.LayerBreakdown;
import org.nxm.traces.analysis.Timeline;
import org.nxm.traces.analysis.TraceStats;
import org.nxm.traces.format.NxmtReader;
import org.nxm.traces.io.AtomicFile;

/**
 * The standard plot set of one trace in one pass over it: utilisation and bandwidth timelines,
 * cycles per layer, and the roofline. Used by {@code nxm trace plot} and {@code nxm run}.
 */
public final class TracePlots {
    private TracePlots() {}

    /**
     * Writes utilisation.svg, bandwidth.svg, layers.svg and roofline.svg into {@code outDir}, and
     * energy.svg when the trace carries its energy ({@link TraceEnergy}).
     *
     * @param window cycles per timeline window, or null for the trace's length / 200
     * @param title title prefix
     * @return the files written, in order
     */
    public static List<Path> write(Path trace, Path outDir, Long window, String title) {
        Map<String, String> files = new LinkedHashMap<>();
        try (NxmtReader r = NxmtReader.open(trace)) {
            long cycles = r.lastCycle();
            long w = window != null ? window : Math.max(1, (cycles + 199) / 200);
            Timeline timeline = new Timeline(r.header(), w, cycles);
            TraceStats stats = new TraceStats(r.header());
            r.replay((kind, u, s, d, l, op, b, m) -> {
                timeline.event(kind, u, s, d, l, op, b, m);
                stats.event(kind, u, s, d, l, op, b, m);
            });
            LayerBreakdown layers = LayerBreakdown.of(stats);
            files.put("utilisation.svg", Plots.utilisation(timeline, title + ": utilisation per unit kind"));
            files.put("bandwidth.svg", Plots.bandwidth(timeline, title + ": bandwidth per memory level"));
            files.put("layers.svg", Plots.layers(layers, title + ": cycles per layer"));
            files.put("roofline.svg", Plots.roofline(layers, title + ": roofline"));
            TraceEnergy energy = TraceEnergy.of(r.header());
            if (energy != null) files.put("energy.svg", EnergyPlot.render(energy, title + ": energy"));
        }
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path p = outDir.resolve(e.getKey());
            AtomicFile.write(p, os -> os.write(e.getValue().getBytes(StandardCharsets.UTF_8)));
            written.add(p);
        }
        return written;
    }
}
