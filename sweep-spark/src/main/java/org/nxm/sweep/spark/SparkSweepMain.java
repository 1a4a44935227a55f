package org.nxm.sweep.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.nxm.model.io.InputException;
import org.nxm.simulator.sweep.LocalSweepEngine;
import org.nxm.simulator.sweep.Sweep;
import org.nxm.simulator.sweep.SweepEngine;
import org.nxm.simulator.sweep.SweepGrid;
import org.nxm.simulator.sweep.SweepSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The sweep-spark launcher: {@code nxm sweep}'s options plus the Spark ones, run with the Spark engine
 * (or the local one, for comparisons). {@code nxm sweep --engine spark} runs this class from the
 * module's jar; {@code spark-submit --class org.nxm.sweep.spark.SparkSweepMain} runs it on a cluster.
 */
@Command(name = "nxm sweep", mixinStandardHelpOptions = true,
        header = "Design-space sweep on Apache Spark: hardware grid x models x patterns, resumable, Pareto SVGs.",
        description = {"Each (design, model) pair is one Spark task; rows come back to this driver as tasks finish and are",
                "journaled, so a killed run resumes where it stopped, and a retried task never duplicates rows."},
        footer = {"", "Examples:",
                "  nxm sweep --engine spark --master local[4] --hw-grid grid.yaml --models bert-base --out results.csv",
                "  nxm sweep --engine spark --hw-grid grid.yaml --models llama-3-8b --phases prefill,decode --seq 2048 --batch 1,16 \\",
                "      --context 4096 --out llama.csv",
                "  spark-submit --class org.nxm.sweep.spark.SparkSweepMain --master spark://head:7077 \\",
                "      sweep-spark/target/nxm-sweep-spark.jar --hw-grid grid.yaml --models bert-base --out results.csv"})
public final class SparkSweepMain implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--hw-grid", required = true, description = "YAML grid: a base preset and axes of values")
    Path grid;

    @Option(names = "--models", split = ",", defaultValue = "minilm-l6", description = "model presets (default: ${DEFAULT-VALUE})")
    List<String> models;

    @Option(names = "--patterns", split = ",", defaultValue = "dense,2:4", description = "dense and/or N:M patterns (default: ${DEFAULT-VALUE})")
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

    @Option(names = "--seq", defaultValue = "128", description = "tokens per sequence (default: ${DEFAULT-VALUE})")
    int seq;

    @Option(names = "--threads", description = "local engine only: parallel tasks (default: all cores)")
    Integer threads;

    @Option(names = "--engine", defaultValue = "spark", description = "spark or local (default: ${DEFAULT-VALUE})")
    String engine;

    @Option(names = "--master", description = "Spark master: local[*], local[N], spark://HOST:PORT, yarn "
            + "(default: spark-submit's, else local[*])")
    String master;

    @Option(names = "--executor-wait", defaultValue = "30", description = "seconds to wait for a cluster's first executor (default: ${DEFAULT-VALUE})")
    int executorWait;

    @Option(names = "--out", required = true, description = "results CSV; OUT-pareto*.svg are written beside it")
    Path out;

    @Option(names = "--json", description = "print a JSON summary instead of the table")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // Everything about the sweep is validated before Spark starts and before anything is written.
        Sweep sweep = new Sweep(Sweep.Settings.fromOptions(SweepGrid.load(grid), models, patterns, batch, seq,
                threads == null ? Runtime.getRuntime().availableProcessors() : threads, phases, context, kvBudgetGb, search));
        String kind = engine.trim().toLowerCase(Locale.ROOT);
        if (!kind.equals("spark") && !kind.equals("local")) throw new InputException("--engine: expected spark or local, got '" + engine + "'");
        if (kind.equals("local")) {
            if (master != null) throw new InputException("--master: only with --engine spark");
            return report(sweep, new LocalSweepEngine(sweep.settings().threads()), out, err);
        }
        SparkMaster m = master == null ? null : SparkMaster.parse(master);
        if (m != null) m.requireReachable(5_000);
        try (JavaSparkContext spark = SparkContexts.start(m)) {
            SparkContexts.awaitExecutors(spark, executorWait);
            return report(sweep, new SparkSweepEngine(spark), out, err);
        }
    }

    private int report(Sweep sweep, SweepEngine eng, PrintWriter out, PrintWriter err) throws Exception {
        err.printf(Locale.ROOT, "nxm sweep: %d points on %s -> %s%n", sweep.size(), eng.describe(), this.out);
        err.flush();
        long t0 = System.nanoTime();
        Sweep.Outcome o = sweep.run(this.out, line -> {
            synchronized (err) {
                err.println("  " + line);
                err.flush();
            }
        }, eng);
        double secs = (System.nanoTime() - t0) / 1e9;
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(SweepSummary.json(o, eng.describe(), secs)));
        } else {
            out.print(SweepSummary.text(o, eng.describe(), secs));
        }
        out.flush();
        return 0;
    }

    /** Runs the command; user errors are one line on stderr and exit 2. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new SparkSweepMain()).setOut(out).setErr(err);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            for (Throwable t = ex; t != null; t = t.getCause()) {
                if (t instanceof InputException || t instanceof UncheckedIOException || t instanceof java.nio.file.NoSuchFileException) {
                    err.println("nxm sweep: " + String.valueOf(t.getMessage()).replace('\n', ' '));
                    err.flush();
                    return 2;
                }
            }
            throw ex;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("nxm sweep: " + String.valueOf(ex.getMessage()).replace('\n', ' '));
            err.println("Try 'nxm sweep --help'.");
            err.flush();
            return 2;
        });
        return cl.execute(args);
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(args, out, err));
    }
}
