package org.nxm.cli.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.cli.Nxm;
import picocli.CommandLine;

class SweepCommandTest {
    @TempDir Path dir;

    private int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = Nxm.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void sweepsAndPrintsTheFront() throws Exception {
        Path g = dir.resolve("grid.yaml");
        Files.writeString(g, "base: edge-4\naxes:\n  cores: [2, 4]\n");
        Path csv = dir.resolve("r.csv");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int rc = run(out, err, "sweep", "--hw-grid", g.toString(), "--models", "minilm-l6", "--patterns", "dense,2:4",
                "--seq", "16", "--out", csv.toString(), "--json");
        assertEquals(0, rc, err.toString());
        assertTrue(out.toString().contains("\"points\" : 4"), out.toString());
        assertEquals(5, Files.readAllLines(csv).size());
        assertTrue(Files.exists(dir.resolve("r-pareto.svg")));
    }

    @Test
    void badGridIsOneLineAndExit2WithNothingWritten() throws Exception {
        Path g = dir.resolve("bad.yaml");
        Files.writeString(g, "base: edge-4\naxes:\n  cores: [two]\n");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int rc = run(out, err, "sweep", "--hw-grid", g.toString(), "--out", dir.resolve("r.csv").toString());
        assertEquals(2, rc);
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains("bad.yaml"), err.toString());
        assertFalse(Files.exists(dir.resolve("r.csv")));
        assertFalse(Files.exists(dir.resolve("r.csv.partial")));
    }
}
