package org.nxm.cli.trace;

import java.nio.file.Path;
import org.nxm.traces.export.ChromeTraceExport;
import org.nxm.traces.export.CsvExport;
import org.nxm.traces.format.NxmtReader;
import org.nxm.traces.io.AtomicFile;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export as Chrome Trace Event JSON (Perfetto) or CSV.",
            "Chrome JSON opens in ui.perfetto.dev and chrome://tracing: one track per unit, layers as spans on",
            "their own track. CSV has one row per event. Both stream."},
        footer = {"", "Example:", "  nxm trace export run.nxmt --chrome run.json",
            "  nxm trace export run.nxmt --chrome window.json --from 1000000 --to 2000000 --time cycles",
            "  nxm trace export run.nxmt --csv run.csv"})
final class ExportCommand extends TraceSubcommand {
    @Parameters(index = "0", paramLabel = "TRACE", description = "the .nxmt trace")
    Path trace;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--chrome", paramLabel = "OUT.json", description = "write Chrome Trace Event JSON")
        Path chrome;

        @Option(names = "--csv", paramLabel = "OUT.csv", description = "write CSV")
        Path csv;
    }

    @Option(names = "--time", paramLabel = "UNIT", defaultValue = "us",
            description = "Chrome ts/dur unit: us (microseconds at the trace's clock, default) or cycles")
    String time;

    @Option(names = "--from", paramLabel = "CYCLE", defaultValue = "0",
            description = "export only events that overlap [--from, --to) (uses the chunk index to skip the rest)")
    long from;

    @Option(names = "--to", paramLabel = "CYCLE", description = "end of the window (default: the end of the trace)")
    Long to;

    @Override
    int execute() {
        long end = to == null ? Long.MAX_VALUE : to;
        if (from < 0 || end <= from) throw new IllegalArgumentException("--from must be >= 0 and below --to, got " + from + " and " + end);
        ChromeTraceExport.TimeUnit unit = switch (time) {
            case "us" -> ChromeTraceExport.TimeUnit.MICROSECONDS;
            case "cycles" -> ChromeTraceExport.TimeUnit.CYCLES;
            default -> throw new IllegalArgumentException("--time must be 'us' or 'cycles', got '" + time + "'");
        };
        try (NxmtReader r = open(trace)) {
            if (target.chrome != null) {
                AtomicFile.write(target.chrome, os -> ChromeTraceExport.write(r, os, unit, from, end));
                out().println("wrote " + target.chrome);
            } else {
                AtomicFile.write(target.csv, os -> CsvExport.write(r, os, from, end));
                out().println("wrote " + target.csv);
            }
        }
        out().flush();
        return 0;
    }
}
