package org.nxm.simulator.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.model.io.InputException;

class SweepTest {
    @TempDir Path dir;

    private Sweep sweep(String gridYaml) throws Exception {
        Path g = dir.resolve("grid.yaml");
        Files.writeString(g, gridYaml);
        return new Sweep(new Sweep.Settings(SweepGrid.load(g), List.of("minilm-l6"), List.of("dense", "2:4"), 1, 16, 2));
    }

    @Test
    void runsEveryPointAndResumesOnlyTheMissingOnes() throws Exception {
        Sweep s = sweep("base: edge-4\naxes:\n  cores: [2, 4]\n  dram.bytes_per_cycle: [16, 64]\n");
        assertEquals(8, s.size());
        Path out = dir.resolve("results.csv");
        Sweep.Outcome o = s.run(out, line -> { });
        assertEquals(8, o.ran());
        List<String> lines = Files.readAllLines(out);
        assertEquals(9, lines.size());
        String header = lines.get(0);
        List<String> cols = List.of(header.split(","));
        int iSpeed = cols.indexOf("speedup"), iPattern = cols.indexOf("pattern"), iCycles = cols.indexOf("cycles");
        for (String line : lines.subList(1, lines.size())) {
            String[] c = SweepJournal.Csv.split(line);
            assertEquals(cols.size(), c.length);
            double speedup = Double.parseDouble(c[iSpeed]);
            if (c[iPattern].equals("dense")) assertEquals(1.0, speedup, 0.0);
            else assertTrue(speedup > 1.0 && speedup <= 2.0, line);
            assertTrue(Long.parseLong(c[iCycles]) > 0);
        }
        assertTrue(Files.readString(o.paretoSvg()).contains("<path"));
        assertFalse(o.front().isEmpty());

        // A sweep killed after 3 points: the final CSV is not there yet, the journal holds 3 rows and a torn one.
        Files.delete(out);
        List<String> journal = new ArrayList<>(lines.subList(0, 4));
        Files.writeString(dir.resolve("results.csv.partial"), String.join("\n", journal) + "\n" + lines.get(4).substring(0, 20));
        List<String> progress = new ArrayList<>();
        Sweep.Outcome resumed = sweep("base: edge-4\naxes:\n  cores: [2, 4]\n  dram.bytes_per_cycle: [16, 64]\n")
                .run(out, progress::add);
        assertEquals(5, resumed.ran());
        assertEquals(3, resumed.skipped());
        assertEquals(lines, Files.readAllLines(out), "the resumed sweep writes the same rows in grid order");
        assertFalse(Files.exists(dir.resolve("results.csv.partial")));
    }

    /** Systolic designs go through the SCALE-Sim-exact engine, GEMM by GEMM; N:M never beats m/n. */
    @Test
    void systolicDesignsSweepToo() throws Exception {
        Sweep s = sweep("base: systolic-32x32-os\naxes:\n  systolic.rows: [16, 32]\n  systolic.dataflow: [os, ws]\n");
        Path out = dir.resolve("sys.csv");
        assertEquals(8, s.run(out, line -> { }).ran());
        List<String> lines = Files.readAllLines(out);
        List<String> cols = List.of(lines.get(0).split(","));
        int iSpeed = cols.indexOf("speedup"), iPattern = cols.indexOf("pattern"), iTemplate = cols.indexOf("template");
        for (String line : lines.subList(1, lines.size())) {
            String[] c = SweepJournal.Csv.split(line);
            assertEquals("systolic", c[iTemplate]);
            double speedup = Double.parseDouble(c[iSpeed]);
            if (c[iPattern].equals("2:4")) assertTrue(speedup > 1.0 && speedup <= 2.0, line);
        }
    }

    @Test
    void badGridFailsBeforeRunning() throws Exception {
        InputException e = assertThrows(InputException.class, () -> sweep("base: edge-4\naxes:\n  cores: [2, 0]\n"));
        assertTrue(e.getMessage().contains("cores"), e.getMessage());
        assertThrows(InputException.class, () -> sweep("base: edge-4\naxes:\n  flux: [1]\n"));
        assertThrows(InputException.class, () -> sweep("base: nonesuch\naxes:\n  cores: [1]\n"));
    }
}
