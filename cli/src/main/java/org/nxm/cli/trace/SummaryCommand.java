package org.nxm.cli.trace;

import java.nio.file.Path;
import org.nxm.traces.analysis.Summary;
import org.nxm.traces.analysis.TextReports;
import org.nxm.traces.analysis.TraceStats;
import org.nxm.traces.format.NxmtReader;
import org.nxm.traces.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "summary", mixinStandardHelpOptions = true,
        description = {"Cycles, utilisation per unit, bytes per level, MACs, stalls.",
            "Busy cycles of a unit = sum of its non-stall event durations; cycles = the largest event end."},
        footer = {"", "Example:", "  nxm trace summary run.nxmt", "  nxm trace summary run.nxmt --json | jq .dram_bytes"})
final class SummaryCommand extends TraceSubcommand {
    @Parameters(index = "0", paramLabel = "TRACE", description = "the .nxmt trace")
    Path trace;

    @Option(names = "--json", description = "print JSON (snake_case; at least cycles, macs, dram_bytes)")
    boolean json;

    @Override
    int execute() {
        try (NxmtReader r = open(trace)) {
            TraceStats stats = TraceStats.of(r);
            Summary s = Summary.of(stats, r.truncated());
            out().print(json ? Json.write(s) + "\n" : TextReports.summary(s));
        }
        out().flush();
        return 0;
    }
}
