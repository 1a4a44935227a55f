package org.nxm.cli.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.cli.CliRun;

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
}
