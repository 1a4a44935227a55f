package org.nxm.cli.hw;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nxm.compiler.hardware.HardwareConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nxm hw list|show}: the bundled hardware presets, printed as YAML users can copy and edit. */
@Command(name = "hw", mixinStandardHelpOptions = true,
        description = "Hardware targets: list the presets, or print one as YAML to copy and edit.",
        subcommands = {HwCommand.ListCommand.class, HwCommand.ShowCommand.class},
        footer = {"", "Example:", "  nxm hw show a100 > my.yaml && nxm compile --model bert-base --hw my.yaml --stats"})
public final class HwCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the hardware presets with their peak figures.",
            footer = {"", "Example:", "  nxm hw list"})
    static final class ListCommand implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--json", description = "print a JSON array instead of a table")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (json) out.println("[");
            else out.printf(Locale.ROOT, "%-20s %-12s %6s %-6s %-18s %12s %12s %10s%n",
                    "name", "template", "cores", "dtype", "sparse", "dense TFLOPS", "DRAM GB/s", "clock GHz");
            for (int i = 0; i < HardwareConfig.PRESETS.size(); i++) {
                HardwareConfig h = HardwareConfig.preset(HardwareConfig.PRESETS.get(i));
                double dram = h.dramBytesPerCycle() * h.clockHz() / 1e9;
                String sparse = h.sparsePatterns().isEmpty() ? "-"
                        : String.join(",", h.sparsePatterns().stream().map(Object::toString).toList());
                if (json) {
                    out.printf(Locale.ROOT, "  {\"name\": \"%s\", \"template\": \"%s\", \"cores\": %d, \"dtype\": \"%s\", "
                                    + "\"sparse_patterns\": \"%s\", \"peak_dense_tflops\": %.2f, \"dram_gbps\": %s, \"clock_ghz\": %.3f}%s%n",
                            h.name(), h.template().yamlName(), h.cores(), h.dtype().yamlName(), sparse,
                            h.peakDenseFlops() / 1e12, Double.isInfinite(dram) ? "null" : String.format(Locale.ROOT, "%.1f", dram),
                            h.clockHz() / 1e9, i + 1 < HardwareConfig.PRESETS.size() ? "," : "");
                } else {
                    out.printf(Locale.ROOT, "%-20s %-12s %6d %-6s %-18s %12.1f %12s %10.3f%n", h.name(),
                            h.template().yamlName(), h.cores(), h.dtype().yamlName(), sparse, h.peakDenseFlops() / 1e12,
                            Double.isInfinite(dram) ? "unlimited" : String.format(Locale.ROOT, "%.1f", dram), h.clockHz() / 1e9);
                }
            }
            if (json) out.println("]");
            out.flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print a preset (or a YAML file, validated) as canonical YAML.",
            footer = {"", "Example:", "  nxm hw show a100 > my.yaml"})
    static final class ShowCommand implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "preset name (see nxm hw list) or a YAML file")
        String name;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.print(HardwareConfig.resolve(name).toYaml());
            out.flush();
            return 0;
        }
    }
}
