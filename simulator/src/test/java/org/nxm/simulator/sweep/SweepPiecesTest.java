package org.nxm.simulator.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.model.io.InputException;

class SweepPiecesTest {
    @TempDir Path dir;

    @Test
    void gridExpandsCartesianProduct() throws Exception {
        Path f = dir.resolve("g.yaml");
        Files.writeString(f, "base: edge-4\naxes:\n  cores: [1, 2, 4]\n  clock_ghz: [0.5, 1.0]\n  dataflow: os\n");
        SweepGrid g = SweepGrid.load(f);
        assertEquals("edge-4", g.base());
        assertEquals(6, g.size());
        List<Map<String, String>> pts = g.points();
        assertEquals(6, pts.size());
        assertEquals(Map.of("cores", "1", "clock_ghz", "0.5", "dataflow", "os"), pts.get(0));
        assertEquals(Map.of("cores", "4", "clock_ghz", "1.0", "dataflow", "os"), pts.get(5));
        assertEquals(6, new HashSet<>(pts).size());
    }

    @Test
    void badGridsAreRefusedWithTheKey() throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "axes:\n  cores: []\n");
        InputException e = assertThrows(InputException.class, () -> SweepGrid.load(f));
        assertTrue(e.getMessage().contains("axes.cores"), e.getMessage());
        Files.writeString(f, "axes: [1, 2]\n");
        assertThrows(InputException.class, () -> SweepGrid.load(f));
        Files.writeString(f, "axes:\n  cores: [1, 2\n");
        assertThrows(InputException.class, () -> SweepGrid.load(f));
        Files.writeString(f, "axes:\n  warp_drive: [1]\n");
        SweepGrid g = SweepGrid.load(f);
        InputException u = assertThrows(InputException.class, () -> g.requireAxesIn(List.of("cores")));
        assertTrue(u.getMessage().contains("warp_drive"));
        assertThrows(InputException.class, () -> SweepGrid.load(dir.resolve("missing.yaml")));
    }

    @Test
    void journalResumesAfterATornLine() throws Exception {
        Path out = dir.resolve("new-folder").resolve("r.csv");
        List<String> cols = List.of("key", "cycles");
        try (SweepJournal j = new SweepJournal(out, cols)) {
            j.append(Map.of("key", "a", "cycles", "10"));
            j.append(Map.of("key", "b", "cycles", "20"));
        }
        Path partial = dir.resolve("new-folder").resolve("r.csv.partial");
        Files.writeString(partial, Files.readString(partial) + "c", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        try (SweepJournal j = new SweepJournal(out, cols)) {
            assertTrue(j.isDone("a"));
            assertTrue(j.isDone("b"));
            assertFalse(j.isDone("c"));
            j.append(Map.of("key", "c", "cycles", "30"));
            j.finish(List.of("c", "a", "b"));
        }
        assertFalse(Files.exists(partial));
        assertEquals("key,cycles\nc,30\na,10\nb,20\n", Files.readString(out));
        try (SweepJournal j = new SweepJournal(out, cols)) {
            assertEquals(3, j.doneCount());
        }
        Files.writeString(out, "other,header\n");
        assertThrows(InputException.class, () -> new SweepJournal(out, cols));
    }

    @Test
    void csvQuotesKeysWithCommas() {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("key", "cores=4,clock=1.0");
        row.put("cycles", "7");
        String line = SweepJournal.Csv.line(List.of("key", "cycles"), row);
        assertArrayEquals(new String[] {"cores=4,clock=1.0", "7"}, SweepJournal.Csv.split(line));
    }

    @Test
    void paretoFrontMatchesTheDefinition() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 50; trial++) {
            List<ParetoFront.Point> pts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                pts.add(new ParetoFront.Point("p" + i, rnd.nextInt(10), rnd.nextInt(10)));
            }
            Set<ParetoFront.Point> front = new HashSet<>(ParetoFront.of(pts));
            for (ParetoFront.Point p : pts) {
                boolean dom = ParetoFront.dominated(p, pts);
                // Every undominated point is on the front, twins (same cost and benefit) included.
                assertEquals(!dom, front.contains(p), p.toString());
            }
        }
    }
}
