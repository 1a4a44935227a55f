package org.nxm.cli.trace;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code nxm trace}: analyse and export {@code .nxmt} traces written by the simulators. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Analyse and export .nxmt traces: summary, bandwidth, layers, critical-path, diff, plot, export, info.",
        subcommands = {SummaryCommand.class, BandwidthCommand.class, LayersCommand.class, CriticalPathCommand.class, DiffCommand.class,
            PlotCommand.class, ExportCommand.class, InfoCommand.class},
        footer = {"", "Example:", "  nxm simulate --hw a100 --program prog.json --trace run.nxmt",
            "  nxm trace summary run.nxmt", "  nxm trace plot run.nxmt --out plots/"})
public final class TraceCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
