package org.nxm.cli.scalesim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nxm.model.io.AtomicOutput;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.simulator.systolic.HardwareSystolic;
import org.nxm.simulator.systolic.Layer;
import org.nxm.simulator.systolic.LayerResult;
import org.nxm.simulator.systolic.NativeCounting;
import org.nxm.simulator.systolic.NxmtSystolicTrace;
import org.nxm.simulator.systolic.SystolicEvents;
import org.nxm.simulator.systolic.ReferenceEngine;
import org.nxm.simulator.systolic.ScaleSimConfigReader;
import org.nxm.simulator.systolic.ScaleSimReports;
import org.nxm.simulator.systolic.ScaleSimTraces;
import org.nxm.simulator.systolic.ScaleSimVariant;
import org.nxm.simulator.systolic.SystolicConfig;
import org.nxm.simulator.systolic.SystolicEngine;
import org.nxm.simulator.systolic.TopologyReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nxm scalesim}: SCALE-Sim's inputs, SCALE-Sim's report files, its numbers, far faster. */
@Command(name = "scalesim", header = "SCALE-Sim-compatible systolic-array simulation: same inputs, same reports.", mixinStandardHelpOptions = true,
        description = {"Simulate a systolic array from SCALE-Sim's .cfg and topology CSV; write",
                "COMPUTE_REPORT.csv, BANDWIDTH_REPORT.csv and DETAILED_ACCESS_REPORT.csv",
                "with SCALE-Sim v2's numbers. A last topology column 'Sparsity' (n:m, as",
                "SCALE-Sim v3 writes it) runs that layer on an N:M sparse array and adds",
                "metadata columns to the reports."},
        footer = {"", "Example:",
                "  nxm scalesim -c ../shared/data/scalesim/os_8x8_even_calc/config.cfg \\",
                "      -t ../shared/data/scalesim/os_8x8_even_calc/topology.csv -p out/os8",
                "  nxm scalesim -c my.cfg -t resnet18.csv --json   # cycles, sim_wall_ms",
                "  nxm scalesim --hw systolic-32x32-os -t bert.csv  # nxm hardware preset"})
public final class ScaleSimCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "CONFIG.cfg", description = "SCALE-Sim config file")
    Path config;

    @Option(names = "--hw", paramLabel = "HW", description = "instead of -c: an nxm hardware preset or YAML with template systolic "
            + "(e.g. systolic-32x32-os)")
    String hw;

    @Option(names = {"-t", "--topology"}, required = true, paramLabel = "TOPOLOGY.csv", description = "SCALE-Sim topology CSV")
    Path topology;

    @Option(names = {"-p", "--path"}, paramLabel = "OUTDIR",
            description = "folder for the report files (default: ./<run_name> from the config)")
    Path outDir;

    @Option(names = "--gemm", description = "the topology is in GEMM form (Layer,M,N,K,); detected from the header otherwise")
    boolean gemm;

    @Option(names = "--native", description = "nxm's own counting: cycles actually run (SCALE-Sim reports the last cycle's index), "
            + "OS OFMAP writes without SCALE-Sim's R+C phantom writes per fold")
    boolean nativeCounting;

    @Option(names = "--json", description = "print a JSON object (per-layer cycles, sim_wall_ms) instead of the table")
    boolean json;

    @Option(names = "--traces", description = "also write SCALE-Sim-style per-cycle SRAM and DRAM traces under OUTDIR/layerN/ "
            + "(streamed; runs the cycle-stepped engine)")
    boolean traces;

    @Option(names = "--pattern", paramLabel = "N:M",
            description = "run every layer without its own Sparsity value as N:M sparse (e.g. 2:4)")
    String pattern;

    @Option(names = "--nxmt", paramLabel = "FILE.nxmt",
            description = "also write nxm's trace (folds, stalls, DRAM transfers per operand) for 'nxm trace'")
    Path nxmt;

    @Option(names = "--engine", defaultValue = "event", paramLabel = "event|reference",
            description = "event (default, fold/fill arithmetic) or reference (cycle-stepped, address by address)")
    String engine;

    @Option(names = "--scalesim-version", paramLabel = "2.0.2|upstream", defaultValue = "upstream",
            description = "whose stall accounting to follow: upstream (default; SCALE-Sim's repository since commit d78b477, "
                    + "September 2024) or 2.0.2 (the release: OFMAP write stalls one cycle shorter, early prefetches counted back)")
    String scalesimVersion;

    @Option(names = "--max-steps", paramLabel = "STEPS",
            description = "refuse a layer that needs more simulation steps than this (default: 2^28 for the event engine, "
                    + "2^25 for the cycle-stepped one, about half a minute); raise it for very large layers")
    Long maxSteps;

    @Override
    public Integer call() {
        boolean reference = switch (engine.toLowerCase(Locale.ROOT)) {
            case "event" -> false;
            case "reference" -> true;
            default -> throw new org.nxm.cli.Nxm.UserError("--engine: expected event or reference, got '" + engine + "'");
        };
        ScaleSimVariant variant = ScaleSimVariant.ofCliName(scalesimVersion);
        if (variant == null)
            throw new org.nxm.cli.Nxm.UserError("--scalesim-version: expected 2.0.2 or upstream, got '" + scalesimVersion + "'");
        if ((config == null) == (hw == null))
            throw new org.nxm.cli.Nxm.UserError("give exactly one of -c CONFIG.cfg or --hw HW");
        org.nxm.compiler.hardware.HardwareConfig hwConfig = hw == null ? null : org.nxm.compiler.hardware.HardwareConfig.resolve(hw);
        SystolicConfig cfg = config != null ? ScaleSimConfigReader.read(config) : HardwareSystolic.config(hwConfig);
        List<Layer> layers = TopologyReader.read(topology, gemm);
        if (pattern != null) {
            NmPattern p = NmPattern.parse(pattern);
            List<Layer> withPattern = new ArrayList<>();
            for (Layer l : layers) {
                if (l.sparsity() == null && l.k() % p.m() != 0)
                    throw new org.nxm.cli.Nxm.UserError("--pattern " + p + ": layer '" + l.name() + "' has K=" + l.k()
                            + ", not a multiple of " + p.m());
                withPattern.add(l.sparsity() == null ? l.withSparsity(p) : l);
            }
            layers = withPattern;
        }
        if (hwConfig != null) {
            for (Layer l : layers) {
                NmPattern p = l.sparsity();
                if (p != null && !p.isDense() && !hwConfig.sparsePatterns().contains(p))
                    throw new org.nxm.cli.Nxm.UserError("layer '" + l.name() + "': hardware '" + hwConfig.name()
                            + "' does not run " + p + " (sparse_patterns: " + hwConfig.sparsePatterns() + ")");
            }
        }
        (maxSteps == null ? org.nxm.simulator.systolic.SystolicLimits.DEFAULT : org.nxm.simulator.systolic.SystolicLimits.steps(maxSteps))
                .check(cfg, layers, topology, reference);
        if (outDir == null && org.nxm.simulator.systolic.RunName.problem(cfg.runName()) != null) // a hardware name as run_name
            throw new org.nxm.cli.Nxm.UserError("--hw " + hw + ": its name cannot be the report folder ("
                    + org.nxm.simulator.systolic.RunName.problem(cfg.runName()) + "); give -p OUTDIR");
        Path out = outDir != null ? outDir : Path.of(cfg.runName());

        List<LayerResult> results = new ArrayList<>();
        List<Double> layerMs = new ArrayList<>();
        double[] wallMs = new double[1];
        final List<Layer> topo = layers;
        if (nxmt != null) {
            if (reference) throw new org.nxm.cli.Nxm.UserError("--nxmt needs --engine event");
            // The trace goes through a temporary sibling, moved into place once every layer ran.
            AtomicOutput.writeFile(nxmt, tmp -> {
                try (NxmtSystolicTrace trace = new NxmtSystolicTrace(tmp, cfg, topo)) {
                    wallMs[0] = runLayers(cfg, topo, reference, variant, trace, results, layerMs);
                }
            });
        } else {
            wallMs[0] = runLayers(cfg, topo, reference, variant, SystolicEvents.NONE, results, layerMs);
        }

        ScaleSimReports.write(out, results);
        PrintWriter err = spec.commandLine().getErr();
        if (traces) {
            ScaleSimTraces.write(out, cfg, layers, variant, msg -> { err.println(msg); err.flush(); });
        }
        err.println("wrote " + out.resolve(ScaleSimReports.COMPUTE) + ", " + ScaleSimReports.BANDWIDTH + ", "
                + ScaleSimReports.DETAILED + (traces ? " and traces" : ""));
        err.flush();

        PrintWriter o = spec.commandLine().getOut();
        if (json) o.println(json(cfg, results, layerMs, wallMs[0]));
        else o.print(table(cfg, results, wallMs[0]));
        o.flush();
        return 0;
    }

    /** Runs every layer, appending results and per-layer wall times; returns the total wall time in ms. */
    private double runLayers(SystolicConfig cfg, List<Layer> layers, boolean reference, ScaleSimVariant variant, SystolicEvents events,
                             List<LayerResult> results, List<Double> layerMs) {
        long t0 = System.nanoTime();
        for (Layer l : layers) {
            long s = System.nanoTime();
            LayerResult r = reference ? new ReferenceEngine(variant).run(cfg, l) : new SystolicEngine(variant).run(cfg, l, events);
            layerMs.add((System.nanoTime() - s) / 1e6);
            results.add(nativeCounting ? NativeCounting.apply(r, cfg) : r);
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private String json(SystolicConfig cfg, List<LayerResult> results, List<Double> layerMs, double wallMs) {
        ObjectMapper om = new ObjectMapper();
        ObjectNode root = om.createObjectNode();
        root.put("run_name", cfg.runName());
        root.put("dataflow", cfg.dataflow().scaleSimName());
        root.put("array_rows", cfg.rows());
        root.put("array_cols", cfg.cols());
        if (cfg.userBandwidth()) root.put("bandwidth_words_per_cycle", cfg.bandwidth());
        else root.putNull("bandwidth_words_per_cycle");
        root.put("counting", nativeCounting ? "native" : "scalesim");
        root.put("scalesim_version", scalesimVersion.trim().toLowerCase(Locale.ROOT));
        ArrayNode arr = root.putArray("layers");
        long total = 0, stalls = 0;
        for (int i = 0; i < results.size(); i++) {
            LayerResult r = results.get(i);
            ObjectNode n = arr.addObject();
            n.put("layer_id", i);
            n.put("name", r.name());
            n.put("M", r.m());
            n.put("N", r.n());
            n.put("K", r.k());
            n.put("sparsity", r.sparsity().pattern());
            n.put("total_cycles", r.totalCycles());
            n.put("stall_cycles", r.stallCycles());
            n.put("overall_util_pct", r.overallUtilPct());
            n.put("mapping_eff_pct", r.mappingEffPct());
            n.put("compute_util_pct", r.computeUtilPct());
            n.put("ifmap_sram_reads", r.ifmapSram().words());
            n.put("filter_sram_reads", r.filterSram().words());
            n.put("ofmap_sram_writes", r.ofmapSram().words());
            n.put("ifmap_dram_reads", r.ifmapDram().words());
            n.put("filter_dram_reads", r.filterDram().words());
            n.put("ofmap_dram_writes", r.ofmapDram().words());
            n.put("metadata_bits", r.sparsity().metadataBits());
            n.put("metadata_dram_read_bits", r.sparsity().metadataDramReadBits());
            n.put("sim_wall_ms", layerMs.get(i));
            total += r.totalCycles();
            stalls += r.stallCycles();
        }
        root.put("total_cycles", total);
        root.put("stall_cycles", stalls);
        root.put("sim_wall_ms", wallMs);
        return root.toString();
    }

    private String table(SystolicConfig cfg, List<LayerResult> results, double wallMs) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s: %dx%d %s, %s%n", cfg.runName(), cfg.rows(), cfg.cols(),
                cfg.dataflow().scaleSimName(), cfg.userBandwidth() ? cfg.bandwidth() + " words/cycle DRAM" : "DRAM unlimited (CALC)"));
        b.append(String.format(Locale.ROOT, "%-16s %7s %7s %7s %6s %14s %12s %8s %8s%n",
                "layer", "M", "N", "K", "N:M", nativeCounting ? "cycles" : "total cycles", "stalls", "util %", "map %"));
        for (LayerResult r : results) {
            b.append(String.format(Locale.ROOT, "%-16s %7d %7d %7d %6s %14d %12d %8.2f %8.2f%n", r.name(), r.m(), r.n(), r.k(),
                    r.sparsity().metadataBits() > 0 ? r.sparsity().pattern() : "-", r.totalCycles(), r.stallCycles(),
                    r.overallUtilPct(), r.mappingEffPct()));
        }
        b.append(String.format(Locale.ROOT, "simulated in %.2f ms%n", wallMs));
        return b.toString();
    }
}
