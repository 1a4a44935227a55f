package org.nxm.cli.trace;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nxm.traces.analysis.LayerBreakdown;
import org.nxm.traces.analysis.Timeline;
import org.nxm.traces.analysis.TraceStats;
import org.nxm.traces.format.NxmtReader;
import org.nxm.traces.io.AtomicFile;
import org.nxm.traces.plot.Plots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Write SVG plots: utilisation, bandwidth, layers, roofline.",
            "utilisation.svg and bandwidth.svg are timelines, layers.svg the cycles per layer coloured by bound,",
            "roofline.svg each layer as a point under the compute and DRAM roofs."},
        footer = {"", "Example:", "  nxm trace plot run.nxmt --out plots/ --window 2000"})
final class PlotCommand extends TraceSubcommand {
    @Parameters(index = "0", paramLabel = "TRACE", description = "the .nxmt trace")
    Path trace;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "directory for the SVG files")
    Path out;

    @Option(names = "--window", paramLabel = "N", description = "cycles per timeline window (default: the trace's length / 200)")
    Long window;

    @Option(names = "--title", description = "title prefix (default: the trace's file name)")
    String title;

    @Override
    int execute() {
        Map<String, String> files = new LinkedHashMap<>();
        try (NxmtReader r = open(trace)) {
            String t = title != null ? title : trace.getFileName().toString();
            long cycles = r.lastCycle();
            long w = window != null ? window : Math.max(1, (cycles + 199) / 200);
            Timeline timeline = new Timeline(r.header(), w, cycles);
            TraceStats stats = new TraceStats(r.header());
            r.replay((kind, u, s, d, l, op, b, m) -> {
                timeline.event(kind, u, s, d, l, op, b, m);
                stats.event(kind, u, s, d, l, op, b, m);
            });
            LayerBreakdown layers = LayerBreakdown.of(stats);
            files.put("utilisation.svg", Plots.utilisation(timeline, t + ": utilisation per unit kind"));
            files.put("bandwidth.svg", Plots.bandwidth(timeline, t + ": bandwidth per memory level"));
            files.put("layers.svg", Plots.layers(layers, t + ": cycles per layer"));
            files.put("roofline.svg", Plots.roofline(layers, t + ": roofline"));
        }
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path p = out.resolve(e.getKey());
            AtomicFile.write(p, os -> os.write(e.getValue().getBytes(StandardCharsets.UTF_8)));
            out().println("wrote " + p);
        }
        out().flush();
        return 0;
    }
}
