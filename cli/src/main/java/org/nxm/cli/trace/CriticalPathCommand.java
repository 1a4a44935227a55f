package org.nxm.cli.trace;

import java.nio.file.Path;
import org.nxm.traces.analysis.CriticalPath;
import org.nxm.traces.analysis.TextReports;
import org.nxm.traces.format.NxmtReader;
import org.nxm.traces.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "critical-path", mixinStandardHelpOptions = true,
        description = {"The chain of events that sets the trace's total time, grouped by layer and resource.",
            "Reconstructed from timing (traces carry no dependency edges): walking back from the last event, each",
            "event's predecessor is the one that ended when it started (same unit first); gaps are latency.",
            "Per layer: cycles on the path and the resource that binds them. Holds the trace's events in memory."},
        footer = {"", "Example:", "  nxm trace critical-path run.nxmt", "  nxm trace critical-path run.nxmt --segments",
            "  nxm trace critical-path run.nxmt --json > path.json"})
final class CriticalPathCommand extends TraceSubcommand {
    @Parameters(index = "0", paramLabel = "TRACE", description = "the .nxmt trace")
    Path trace;

    @Option(names = "--segments", description = "also list every segment of the path (layer x resource runs)")
    boolean segments;

    @Option(names = "--json", description = "print JSON (always with the segments)")
    boolean json;

    @Override
    int execute() {
        try (NxmtReader r = open(trace)) {
            CriticalPath c = CriticalPath.of(r);
            out().print(json ? Json.write(c) + "\n" : TextReports.criticalPath(c, segments));
        }
        out().flush();
        return 0;
    }
}
