package org.nxm.cli.trace;

import java.nio.file.Path;
import org.nxm.traces.analysis.LayerBreakdown;
import org.nxm.traces.analysis.TextReports;
import org.nxm.traces.analysis.TraceStats;
import org.nxm.traces.format.NxmtReader;
import org.nxm.traces.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "layers", mixinStandardHelpOptions = true,
        description = {"Per-layer cycles, MACs, bytes, and compute- or memory-bound.",
            "Bound: arithmetic intensity (MACs per DRAM byte) against the machine's ridge point."},
        footer = {"", "Example:", "  nxm trace layers run.nxmt", "  nxm trace layers run.nxmt --json > layers.json"})
final class LayersCommand extends TraceSubcommand {
    @Parameters(index = "0", paramLabel = "TRACE", description = "the .nxmt trace")
    Path trace;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    int execute() {
        try (NxmtReader r = open(trace)) {
            TraceStats stats = TraceStats.of(r);
            LayerBreakdown b = LayerBreakdown.of(stats);
            out().print(json ? Json.write(b) + "\n" : TextReports.layers(b));
        }
        out().flush();
        return 0;
    }
}
