package org.nxm.cli.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.cli.CliRun;
import org.nxm.cli.Nxm;

class SweepCommandTest {
    @TempDir Path dir;

    @Test
    void sweepsAndPrintsTheFront() throws Exception {
        Path g = dir.resolve("grid.yaml");
        Files.writeString(g, "base: edge-4\naxes:\n  cores: [2, 4]\n");
        Path csv = dir.resolve("r.csv");
        CliRun r = CliRun.of("sweep", "--hw-grid", g.toString(), "--models", "minilm-l6", "--patterns", "dense,2:4",
                "--seq", "16", "--out", csv.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"points\" : 4"), r.out());
        assertEquals(5, Files.readAllLines(csv).size());
        assertTrue(Files.exists(dir.resolve("r-pareto.svg")));
    }

    @Test
    void decoderOptionsWithoutPhasesAreOneLineAndExit2() throws Exception {
        Path g = dir.resolve("grid.yaml");
        Files.writeString(g, "base: edge-4\naxes:\n  cores: [2, 4]\n");
        CliRun r = CliRun.of("sweep", "--hw-grid", g.toString(), "--models", "gpt2", "--context", "64", "--out", dir.resolve("r.csv").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--context/--kv-budget-gb: only with --phases"), r.err());
        assertFalse(Files.exists(dir.resolve("r.csv")));
    }

    @Test
    void badGridIsOneLineAndExit2WithNothingWritten() throws Exception {
        Path g = dir.resolve("bad.yaml");
        Files.writeString(g, "base: edge-4\naxes:\n  cores: [two]\n");
        CliRun r = CliRun.of("sweep", "--hw-grid", g.toString(), "--out", dir.resolve("r.csv").toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("bad.yaml"), r.err());
        assertFalse(Files.exists(dir.resolve("r.csv")));
        assertFalse(Files.exists(dir.resolve("r.csv.partial")));
    }

    @Test
    void helpDocumentsTheEnginesAndSparkWithoutItsModuleSaysHowToBuildIt() throws Exception {
        CliRun help = CliRun.of("sweep", "--help");
        assertEquals(0, help.code());
        for (String s : new String[] {"--engine", "--master", "local[*]", "spark://HOST:7077", "yarn", "spark-submit", SparkSweepLauncher.BUILD}) {
            assertTrue(help.out().contains(s), s + " in " + help.out());
        }
        Nxm.UserError e = assertThrows(Nxm.UserError.class, () -> new SparkSweepLauncher(dir).command(new String[] {"--engine", "spark"}));
        assertTrue(e.getMessage().startsWith("--engine spark: the Spark sweep module is not built"), e.getMessage());
        assertTrue(e.getMessage().contains(SparkSweepLauncher.BUILD));
        // Built: the module's main on the module's jar + Spark's classpath, with Spark's JVM flags and the user's arguments.
        Path target = Files.createDirectories(dir.resolve("sweep-spark/target"));
        Files.writeString(target.resolve("nxm-sweep-spark.jar"), "");
        Files.writeString(target.resolve("spark-classpath.txt"), "/m2/spark-core.jar\n");
        Files.writeString(target.resolve("spark-jvm-options.txt"), "--add-opens=java.base/java.lang=ALL-UNNAMED\n");
        java.util.List<String> cmd = new SparkSweepLauncher(dir).command(new String[] {"--engine", "spark", "--out", "x.csv"});
        assertEquals("--add-opens=java.base/java.lang=ALL-UNNAMED", cmd.get(1));
        assertTrue(cmd.contains(target.resolve("nxm-sweep-spark.jar") + java.io.File.pathSeparator + "/m2/spark-core.jar"), cmd.toString());
        assertEquals(java.util.List.of(SparkSweepLauncher.MAIN, "--engine", "spark", "--out", "x.csv"), cmd.subList(cmd.size() - 5, cmd.size()));
        CliRun bad = CliRun.of("sweep", "--hw-grid", "g.yaml", "--out", "x.csv", "--engine", "flink");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--engine: expected local or spark"), bad.err());
    }
}
