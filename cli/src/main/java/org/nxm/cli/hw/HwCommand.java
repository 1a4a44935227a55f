package org.nxm.cli.hw;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nxm.cli.JsonOutput;
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
            List<Map<String, Object>> rows = new ArrayList<>();
            if (!json) out.printf(Locale.ROOT, "%-20s %-12s %6s %-6s %-18s %12s %12s %10s%n",
                    "name", "template", "cores", "dtype", "sparse", "dense TFLOPS", "DRAM GB/s", "clock GHz");
            for (String preset : HardwareConfig.PRESETS) {
                HardwareConfig h = HardwareConfig.preset(preset);
                double dram = h.dramBytesPerCycle() * h.clockHz() / 1e9;
                List<String> patterns = h.sparsePatterns().stream().map(Object::toString).toList();
                if (json) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("name", h.name());
                    row.put("template", h.template().yamlName());
                    row.put("cores", h.cores());
                    row.put("dtype", h.dtype().shortName());
                    row.put("sparse_patterns", patterns);
                    row.put("peak_dense_tflops", round(h.peakDenseFlops() / 1e12, 2));
                    row.put("dram_gbps", Double.isInfinite(dram) ? null : round(dram, 1));
                    row.put("clock_ghz", round(h.clockHz() / 1e9, 3));
                    rows.add(row);
                } else {
                    out.printf(Locale.ROOT, "%-20s %-12s %6d %-6s %-18s %12.1f %12s %10.3f%n", h.name(),
                            h.template().yamlName(), h.cores(), h.dtype().shortName(), patterns.isEmpty() ? "-" : String.join(",", patterns),
                            h.peakDenseFlops() / 1e12, Double.isInfinite(dram) ? "unlimited" : String.format(Locale.ROOT, "%.1f", dram),
                            h.clockHz() / 1e9);
                }
            }
            if (json) out.println(JsonOutput.pretty(rows));
            out.flush();
            return 0;
        }

        /** The figures as the table shows them (the JSON keeps the same precision). */
        private static double round(double v, int places) {
            return new java.math.BigDecimal(v).setScale(places, java.math.RoundingMode.HALF_EVEN).doubleValue();
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
