package org.nxm.cli.trace;

import java.nio.file.Path;
import org.nxm.traces.analysis.TextReports;
import org.nxm.traces.analysis.TraceDiff;
import org.nxm.traces.analysis.TraceStats;
import org.nxm.traces.format.NxmtReader;
import org.nxm.traces.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compare two traces layer by layer: where the speedup came from.",
            "Layers are matched by name; cycle ratio, DRAM bytes ratio, MMA and DRAM time ratios, and a sentence",
            "saying what shrank and what did not. Ratios are A/B: > 1 means B is better."},
        footer = {"", "Example:", "  nxm trace diff dense.nxmt sparse24.nxmt", "  nxm trace diff dense.nxmt sparse24.nxmt --json"})
final class DiffCommand extends TraceSubcommand {
    @Parameters(index = "0", paramLabel = "A", description = "the baseline trace (e.g. dense)")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "the trace to compare (e.g. 2:4)")
    Path b;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    int execute() {
        TraceStats sa = stats(a);
        TraceStats sb = stats(b);
        TraceDiff d = TraceDiff.of(a.toString(), sa, b.toString(), sb);
        out().print(json ? Json.write(d) + "\n" : TextReports.diff(d));
        out().flush();
        return 0;
    }

    private TraceStats stats(Path p) {
        try (NxmtReader r = open(p)) {
            return TraceStats.of(r);
        }
    }
}
