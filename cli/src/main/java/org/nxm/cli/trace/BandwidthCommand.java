package org.nxm.cli.trace;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.nxm.traces.analysis.BandwidthReport;
import org.nxm.traces.analysis.TextReports;
import org.nxm.traces.analysis.Timeline;
import org.nxm.traces.format.NxmtReader;
import org.nxm.traces.io.AtomicFile;
import org.nxm.traces.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bandwidth", mixinStandardHelpOptions = true,
        description = {"Bytes per cycle per memory level over time: peak and average.",
            "Windows of N cycles; the whole series as CSV (--csv) or JSON (--json). A transfer spanning windows",
            "is spread evenly over them."},
        footer = {"", "Example:", "  nxm trace bandwidth run.nxmt --window 1000 --csv bw.csv"})
final class BandwidthCommand extends TraceSubcommand {
    @Parameters(index = "0", paramLabel = "TRACE", description = "the .nxmt trace")
    Path trace;

    @Option(names = "--window", paramLabel = "N", description = "cycles per window (default: the trace's length / 100)")
    Long window;

    @Option(names = "--csv", paramLabel = "FILE", description = "write the series: window_start, then bytes/cycle per level")
    Path csv;

    @Option(names = "--json", description = "print JSON (levels and the series)")
    boolean json;

    @Override
    int execute() {
        BandwidthReport report;
        try (NxmtReader r = open(trace)) {
            long cycles = r.lastCycle();
            long w = window != null ? window : Math.max(1, (cycles + 99) / 100);
            Timeline t = new Timeline(r.header(), w, cycles);
            r.replay(t);
            report = BandwidthReport.of(t, cycles);
        }
        if (csv != null) {
            AtomicFile.write(csv, os -> {
                Writer wr = new OutputStreamWriter(os, StandardCharsets.UTF_8);
                wr.write("window_start");
                for (BandwidthReport.LevelBandwidth l : report.levels()) wr.write("," + l.name() + "_bytes_per_cycle");
                wr.write('\n');
                for (BandwidthReport.Row row : report.rows()) {
                    wr.write(Long.toString(row.start()));
                    for (double v : row.bytesPerCycle()) wr.write(String.format(Locale.ROOT, ",%.4f", v));
                    wr.write('\n');
                }
                wr.flush();
            });
            err().println("wrote " + csv);
        }
        out().print(json ? Json.write(report) + "\n" : TextReports.bandwidth(report));
        out().flush();
        return 0;
    }
}
