package org.nxm.sweep.spark;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.simulator.sweep.LocalSweepEngine;
import org.nxm.simulator.sweep.Sweep;
import org.nxm.simulator.sweep.SweepEngine;
import org.nxm.simulator.sweep.SweepGrid;
import org.nxm.simulator.sweep.SweepTask;

/**
 * The Spark engine in embedded local mode against the local runner on the same 24-point grid: same rows,
 * a driver killed halfway resumes without duplicates, failed tasks retried by Spark add no duplicates,
 * and a master that cannot be reached fails in one line, fast, with nothing written. Few Spark contexts:
 * each costs seconds.
 */
class SparkSweepTest {
    /** 6 designs x 2 models x 2 patterns = 24 points. */
    static final String GRID = "base: edge-4\naxes:\n  cores: [2, 4, 8]\n  dram.bytes_per_second: [12.8e9, 25.6e9]\n";
    static final List<String> MODELS = List.of("minilm-l6", "bert-base");

    @TempDir static Path shared;
    static Path grid;
    static List<String> localRows;

    static String[] args(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("--hw-grid", grid.toString(), "--models", String.join(",", MODELS),
                "--patterns", "dense,2:4", "--seq", "16", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    static Sweep sweep() {
        return new Sweep(new Sweep.Settings(SweepGrid.load(grid), MODELS, List.of("dense", "2:4"), 1, 16, 2));
    }

    @BeforeAll
    static void localReference() throws Exception {
        grid = shared.resolve("grid.yaml");
        Files.writeString(grid, GRID);
        Path out = shared.resolve("local.csv");
        Sweep.Outcome o = sweep().run(out, line -> { }, new LocalSweepEngine(2));
        assertEquals(24, o.ran());
        localRows = Files.readAllLines(out);
    }

    private static void assertSameRowsNoDuplicates(List<String> actual) {
        assertEquals(localRows.get(0), actual.get(0), "header");
        assertEquals(Set.copyOf(localRows), Set.copyOf(actual), "same rows, order aside");
        assertEquals(localRows.size(), actual.size(), "no duplicates");
        assertEquals(actual.size(), new HashSet<>(actual).size());
    }

    @Test
    void sparkLocalModeGivesTheLocalRunnersRows(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("spark.csv");
        StringWriter so = new StringWriter(), se = new StringWriter();
        int rc = SparkSweepMain.run(args(out, "--engine", "spark", "--master", "local[2]"), new PrintWriter(so), new PrintWriter(se));
        assertEquals(0, rc, se.toString());
        assertSameRowsNoDuplicates(Files.readAllLines(out));
        assertTrue(so.toString().contains("24 points (24 run, 0 already done)"), so.toString());
        assertTrue(Files.exists(dir.resolve("spark-pareto-speed-energy.svg")));
    }

    @Test
    void decoderPhasesOnSparkGiveTheLocalEnginesRows(@TempDir Path dir) throws Exception {
        // gpt2 (the smallest decoder preset) prefill and decode at two batch sizes: (prefill + decode) x 2 batches x 2 patterns.
        Path g = dir.resolve("grid.yaml");
        Files.writeString(g, "base: edge-16\naxes:\n  cores: [16]\n");
        String[] decoder = {"--hw-grid", g.toString(), "--models", "gpt2", "--patterns", "dense,2:4", "--phases", "prefill,decode",
                "--seq", "32", "--batch", "1,2", "--context", "64"};
        Path local = dir.resolve("local.csv"), spark = dir.resolve("spark.csv");
        StringWriter so = new StringWriter(), se = new StringWriter();
        assertEquals(0, SparkSweepMain.run(concat(decoder, "--engine", "local", "--threads", "2", "--out", local.toString()),
                new PrintWriter(so), new PrintWriter(se)), se.toString());
        assertEquals(0, SparkSweepMain.run(concat(decoder, "--engine", "spark", "--master", "local[2]", "--out", spark.toString()),
                new PrintWriter(so), new PrintWriter(se)), se.toString());
        List<String> l = Files.readAllLines(local), s = Files.readAllLines(spark);
        assertEquals(1 + 2 * 2 * 2, l.size(), String.join("\n", l));
        assertTrue(l.get(0).contains("phase") && l.get(0).contains("context"), l.get(0));
        assertEquals(l.get(0), s.get(0), "header");
        assertEquals(Set.copyOf(l), Set.copyOf(s), "same rows, order aside");
        assertEquals(l.size(), s.size());
        assertTrue(Files.exists(dir.resolve("spark-decode-speedup.svg")));
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(new String[0]);
    }

    @Test
    void aDriverKilledHalfwayResumesWithoutDuplicatesAndRetriedTasksAddNone(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("r.csv");
        // local[2,2]: two slots, two attempts per task. Every other task fails its first attempt.
        SparkConf conf = new SparkConf().setMaster("local[2,2]").setAppName("test").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            SparkSweepEngine.Work flaky = task -> {
                TaskContext tc = TaskContext.get();
                if (tc.attemptNumber() == 0 && tc.partitionId() % 2 == 0) throw new IllegalStateException("injected failure");
                return task.run();
            };
            SweepEngine spark2 = new SparkSweepEngine(spark, flaky);
            // The driver dies after 12 rows have been journaled.
            AtomicInteger seen = new AtomicInteger();
            SweepEngine dying = new SweepEngine() {
                @Override
                public void run(List<SweepTask> tasks, java.util.function.Consumer<Map<String, String>> rows) {
                    spark2.run(tasks, row -> {
                        if (seen.incrementAndGet() > 12) throw new IllegalStateException("driver killed");
                        rows.accept(row);
                    });
                }

                @Override
                public String describe() { return "dying driver"; }
            };
            assertThrows(Exception.class, () -> sweep().run(out, line -> { }, dying));
            assertFalse(Files.exists(out), "no final CSV from a killed run");
            List<String> journal = Files.readAllLines(dir.resolve("r.csv.partial"));
            assertEquals(1 + 12, journal.size());

            Sweep.Outcome o = sweep().run(out, line -> { }, spark2);
            assertEquals(12, o.skipped());
            assertEquals(12, o.ran());
        }
        assertSameRowsNoDuplicates(Files.readAllLines(out));
        assertFalse(Files.exists(dir.resolve("r.csv.partial")));
    }

    @Test
    void anUnreachableMasterFailsInOneLineWithinAMinuteWritingNothing(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("x.csv");
        StringWriter so = new StringWriter(), se = new StringWriter();
        long t0 = System.nanoTime();
        int rc = SparkSweepMain.run(args(out, "--master", "spark://127.0.0.1:1"), new PrintWriter(so), new PrintWriter(se));
        double secs = (System.nanoTime() - t0) / 1e9;
        assertEquals(2, rc);
        String err = se.toString();
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("nxm sweep: --master spark://127.0.0.1:1: cannot reach the Spark master"), err);
        assertTrue(secs < 60, secs + " s");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "no partial output");
        }
        StringWriter se2 = new StringWriter();
        assertEquals(2, SparkSweepMain.run(args(out, "--master", "mesos://x"), new PrintWriter(new StringWriter()), new PrintWriter(se2)));
        assertTrue(se2.toString().startsWith("nxm sweep: --master: expected local[*], local[N], spark://HOST:PORT or yarn"), se2.toString());
    }
}
