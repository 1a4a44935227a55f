package org.nxm.cli.sweep;

import org.nxm.cli.JsonOutput;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nxm.cli.Nxm;
import org.nxm.simulator.sweep.ParetoFront;
import org.nxm.simulator.sweep.Sweep;
import org.nxm.simulator.sweep.SweepGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nxm sweep}: design-space exploration over a hardware grid × models × patterns. */
@Command(name = "sweep", header = "Design-space sweep: hardware grid x models x patterns, resumable, Pareto SVG.", mixinStandardHelpOptions = true,
        description = {"Simulate every point of a hardware grid x models x patterns in parallel: one CSV row per",
                "point (cycles, time, speedup vs dense on the same design, utilisation, bytes per level, area and",
                "energy proxies) and a Pareto-front SVG. Re-running with the same --out skips finished points."},
        footer = {"", "Grid file (any YAML key of the base preset, dotted for nested ones; `nxm hw show a100` lists them):",
                "  base: a100",
                "  axes:",
                "    cores: [27, 54, 108]",
                "    dram.bytes_per_second: [0.8e12, 1.555e12, 3.0e12]",
                "    shared.capacity_bytes: [98304, 167936]",
                "", "Example:",
                "  nxm sweep --hw-grid grid.yaml --models minilm-l6,bert-base --patterns dense,2:4,1:4,2:8 --out results.csv",
                "  nxm sweep --hw-grid h100-only.yaml --models llama-3-8b --phases prefill,decode --seq 2048 --batch 1,16 --context 4096 --out llama.csv",
                "  (decode points also give OUT-decode-speedup.svg: speedup against batch, one curve per context)"})
public final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--hw-grid", required = true, description = "YAML grid: a base preset and axes of values")
    Path grid;

    @Option(names = "--models", split = ",", defaultValue = "minilm-l6", description = "model presets (default: ${DEFAULT-VALUE})")
    List<String> models;

    @Option(names = "--patterns", split = ",", defaultValue = "dense,2:4", description = "dense and/or N:M patterns (default: ${DEFAULT-VALUE})")
    List<String> patterns;

    @Option(names = "--batch", split = ",", defaultValue = "1", description = "sequences per inference (default: ${DEFAULT-VALUE}); decoder models take a list (1,4,16,64,256)")
    List<Integer> batch;

    @Option(names = "--phases", split = ",", description = "decoder models (llama-3-8b, ...): prefill and/or decode passes to run")
    List<String> phases;

    @Option(names = "--context", split = ",", description = "--phases decode: KV-cache lengths (a list: 512,2048,8192)")
    List<Integer> context;

    @Option(names = "--kv-budget-gb", description = "skip decoder points whose KV cache exceeds this many GB (a server could not hold it)")
    Double kvBudgetGb;

    @Option(names = "--seq", defaultValue = "128", description = "tokens per sequence (default: ${DEFAULT-VALUE})")
    int seq;

    @Option(names = "--threads", description = "parallel points (default: all cores)")
    Integer threads;

    @Option(names = "--out", required = true, description = "results CSV; OUT-pareto.svg is written beside it")
    Path out;

    @Option(names = "--json", description = "print a JSON summary instead of the table")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) throw new Nxm.UserError("--threads: must be >= 1 (got " + n + ")");
        List<String> ph = phases == null ? List.of() : phases;
        if (ph.isEmpty() && (context != null || kvBudgetGb != null)) throw new Nxm.UserError("--context/--kv-budget-gb: only with --phases");
        if (ph.isEmpty() && batch.size() > 1) throw new Nxm.UserError("--batch: a list is for decoder models (with --phases)");
        if (kvBudgetGb != null && !(kvBudgetGb > 0)) throw new Nxm.UserError("--kv-budget-gb: must be > 0 (got " + kvBudgetGb + ")");
        for (int b : batch) if (b < 1) throw new Nxm.UserError("--batch: must be >= 1 (got " + b + ")");
        Sweep sweep = new Sweep(new Sweep.Settings(SweepGrid.load(grid), models, patterns, batch.get(0), seq, n, ph, batch,
                context == null ? List.of() : context, kvBudgetGb == null ? 0 : (long) (kvBudgetGb * 1e9)));
        err.printf(Locale.ROOT, "nxm sweep: %d points on %d threads -> %s%n", sweep.size(), n, this.out);
        err.flush();
        long t0 = System.nanoTime();
        Sweep.Outcome o = sweep.run(this.out, line -> {
            synchronized (err) {
                err.println("  " + line);
                err.flush();
            }
        });
        double secs = (System.nanoTime() - t0) / 1e9;
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("points", o.points());
            j.put("ran", o.ran());
            j.put("skipped", o.skipped());
            j.put("csv", o.csv().toString());
            j.put("pareto_svg", o.paretoSvg().toString());
            j.put("pareto_front", o.front().stream().map(p -> Map.of("point", p.label(), "area_mm2", p.cost(),
                    "speedup_vs_slowest_dense", p.benefit())).toList());
            j.put("wall_s", secs);
            out.println(JsonOutput.pretty(j));
        } else {
            out.printf(Locale.ROOT, "%d points (%d run, %d already done) in %.1f s%n", o.points(), o.ran(), o.skipped(), secs);
            out.printf(Locale.ROOT, "results: %s%nPareto plot: %s%n%nPareto front (area proxy vs speedup over the slowest dense design):%n",
                    o.csv(), o.paretoSvg());
            for (ParetoFront.Point p : o.front()) {
                out.printf(Locale.ROOT, "  %10.1f mm2  %7.2fx  %s%n", p.cost(), p.benefit(), p.label());
            }
        }
        out.flush();
        return Nxm.EXIT_OK;
    }
}
