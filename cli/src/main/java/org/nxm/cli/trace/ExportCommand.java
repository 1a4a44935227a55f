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
        description = {"Export a trace as Chrome Trace Event JSON (open in ui.perfetto.dev or chrome://tracing: one",
            "track per unit, layers as spans on their own track) or as CSV (one row per event). Both stream."},
        footer = {"", "Example:", "  nxm trace export run.nxmt --chrome run.json", "  nxm trace export run.nxmt --csv run.csv"})
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

    @Override
    int execute() {
        ChromeTraceExport.TimeUnit unit = switch (time) {
            case "us" -> ChromeTraceExport.TimeUnit.MICROSECONDS;
            case "cycles" -> ChromeTraceExport.TimeUnit.CYCLES;
            default -> throw new IllegalArgumentException("--time must be 'us' or 'cycles', got '" + time + "'");
        };
        try (NxmtReader r = open(trace)) {
            if (target.chrome != null) {
                AtomicFile.write(target.chrome, os -> ChromeTraceExport.write(r, os, unit));
                out().println("wrote " + target.chrome + " (" + r.eventCount() + " events)");
            } else {
                AtomicFile.write(target.csv, os -> CsvExport.write(r, os));
                out().println("wrote " + target.csv + " (" + r.eventCount() + " rows)");
            }
        }
        out().flush();
        return 0;
    }
}
