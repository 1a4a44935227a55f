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
import org.nxm.simulator.sweep.Sweep;
import org.nxm.simulator.sweep.SweepGrid;
import org.nxm.simulator.sweep.SweepSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nxm sweep}: design-space exploration over a hardware grid × models × patterns. */
@Command(name = "sweep", header = "Design-space sweep: hardware grid x models x patterns, resumable, Pareto SVG.", mixinStandardHelpOptions = true,
        description = {"Simulate every point of a hardware grid x models x patterns: one CSV row per",
                "point (cycles, time, speedup vs dense on the same design, utilisation, bytes",
                "per level, modelled area, energy and average power from the design's energy",
                "and area tables) and three Pareto fronts (speed vs energy, speed vs area,",
                "energy vs area) as CSV columns and SVGs, dominated points in grey.",
                "Re-running with the same --out skips finished points."},
        footer = {"", "Engines (--engine):",
                "  local  (default) this machine's threads (--threads).",
                "  spark  Apache Spark: one Spark task per (design, model) pair; the same rows",
                "         as local, in the same CSV, journaled as tasks finish (a killed run",
                "         resumes; a retried task adds no duplicates).",
                "         --master local[*] (default), local[N], spark://HOST:7077 or yarn.",
                "         Runs from the sweep-spark module (the nxm jar carries no Spark);",
                "         build it once with:",
                "           " + SparkSweepLauncher.BUILD,
                "         On a cluster, spark-submit its jar (see sweep-spark/README.md).",
                "", "Grid file (any YAML key of the base preset, dotted for nested ones; `nxm hw show a100` lists them):",
                "  base: a100",
                "  axes:",
                "    cores: [27, 54, 108]",
                "    dram.bytes_per_second: [0.8e12, 1.555e12, 3.0e12]",
                "    shared.capacity_bytes: [98304, 167936]",
                "", "Example:",
                "  nxm sweep --hw-grid grid.yaml --models minilm-l6,bert-base --patterns dense,2:4,1:4,2:8 --out results.csv",
                "  nxm sweep --engine spark --master local[8] --hw-grid grid.yaml --models bert-base --out results.csv",
                "  nxm sweep --hw-grid h100-only.yaml --models llama-3-8b --phases prefill,decode --seq 2048 --batch 1,16 --context 4096 --out llama.csv",
                "  nxm sweep --engine spark --hw-grid h100-only.yaml --models llama-3-8b --phases decode --batch 1,16 --context 4096 --out llama.csv",
                "  (decode points also give OUT-decode-speedup.svg: speedup against batch, one curve per context)"})
public final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(paramLabel = "GRID.yaml", names = "--hw-grid", required = true, description = "YAML grid: a base preset and axes of values")
    Path grid;

    @Option(paramLabel = "MODEL,...", names = "--models", split = ",", defaultValue = "minilm-l6", description = "model presets (default: ${DEFAULT-VALUE})")
    List<String> models;

    @Option(paramLabel = "N:M,...", names = "--patterns", split = ",", defaultValue = "dense,2:4", description = "dense and/or N:M patterns (default: ${DEFAULT-VALUE})")
    List<String> patterns;

    @Option(paramLabel = "N,...", names = "--batch", split = ",", defaultValue = "1", description = "sequences per inference (default: ${DEFAULT-VALUE}); decoder models take a list (1,4,16,64,256)")
    List<Integer> batch;

    @Option(paramLabel = "PHASE", names = "--phases", split = ",", description = "decoder models (llama-3-8b, ...): prefill and/or decode passes to run")
    List<String> phases;

    @Option(paramLabel = "TOKENS", names = "--context", split = ",", description = "--phases decode: KV-cache lengths (a list: 512,2048,8192)")
    List<Integer> context;

    @Option(paramLabel = "GB", names = "--kv-budget-gb", description = "skip decoder points whose KV cache exceeds this many GB (a server could not hold it)")
    Double kvBudgetGb;

    @Option(paramLabel = "S", names = "--search", description = "decoder points: mapping search for every GEMM of both passes (issue 15's mapper): heuristic, top-k=K or exhaustive (default: heuristic)")
    String search;

    @Option(paramLabel = "N", names = "--seq", defaultValue = "128", description = "tokens per sequence (default: ${DEFAULT-VALUE})")
    int seq;

    @Option(paramLabel = "N", names = "--threads", description = "parallel points (default: all cores)")
    Integer threads;

    @Option(paramLabel = "PATH", names = "--out", required = true, description = "results CSV; OUT-pareto.svg is written beside it")
    Path out;

    @Option(names = "--json", description = "print a JSON summary instead of the table")
    boolean json;

    @Option(paramLabel = "ENGINE", names = "--engine", defaultValue = "local", description = "local or spark (default: ${DEFAULT-VALUE}); see Engines below")
    String engine;

    @Option(paramLabel = "MASTER", names = "--master", description = "with --engine spark: local[*] (default), local[N], spark://HOST:PORT or yarn")
    String master;

    @Option(paramLabel = "SECONDS", names = "--executor-wait", description = "with --engine spark on a cluster: seconds to wait for the first executor (default 30)")
    Integer executorWait;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        switch (engine.trim().toLowerCase(Locale.ROOT)) {
            case "local" -> {
                if (master != null || executorWait != null) throw new Nxm.UserError("--master/--executor-wait: only with --engine spark");
            }
            case "spark" -> {
                // Same options, run by the sweep-spark module's main in its own JVM (the nxm jar has no Spark).
                List<String> all = spec.commandLine().getParseResult().originalArgs();   // from the top: "sweep" first
                List<String> mine = all.subList(all.indexOf(spec.name()) + 1, all.size());
                return new SparkSweepLauncher(SparkSweepLauncher.root()).run(mine.toArray(new String[0]));
            }
            default -> throw new Nxm.UserError("--engine: expected local or spark, got '" + engine + "'");
        }
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        Sweep sweep = new Sweep(Sweep.Settings.fromOptions(SweepGrid.load(grid), models, patterns, batch, seq, n, phases, context, kvBudgetGb, search));
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
        String engineName = "local, " + n + " thread" + (n == 1 ? "" : "s");
        if (json) out.println(JsonOutput.pretty(SweepSummary.json(o, engineName, secs)));
        else out.print(SweepSummary.text(o, engineName, secs));
        out.flush();
        return Nxm.EXIT_OK;
    }
}
