package org.nxm.cli.trace;

import java.nio.file.Path;
import org.nxm.traces.plot.TracePlots;
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

    @Option(paramLabel = "TEXT", names = "--title", description = "title prefix (default: the trace's file name)")
    String title;

    @Override
    int execute() {
        String t = title != null ? title : trace.getFileName().toString();
        open(trace).close(); // a bad file fails here with one line; a truncated one prints its warning
        for (Path p : TracePlots.write(trace, out, window, t)) out().println("wrote " + p);
        out().flush();
        return 0;
    }
}
