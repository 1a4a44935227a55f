package org.nxm.admm.finetune.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.model.io.InputException;

/** The journal's round trip and the table's statistics against hand-computed values. */
class GlueTableTest {
    @TempDir
    Path dir;

    private static ObjectNode run(String task, String method, long seed, double score) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put(Journal.KEY, task + "/" + method + "/" + seed);
        n.put("task", task);
        n.put("method", method);
        n.put("seed", seed);
        n.put("score", score);
        return n;
    }

    @Test
    void meansAveragesAndPairedTestsByHand() {
        List<ObjectNode> runs = new ArrayList<>();
        double[] asp = {60, 62, 61}, admm = {61, 65, 60};
        for (int s = 0; s < 3; s++) {
            runs.add(run("rte", "asp", s + 1, asp[s]));
            runs.add(run("rte", "admm", s + 1, admm[s]));
            runs.add(run("mrpc", "asp", s + 1, 80 + s));
            runs.add(run("mrpc", "admm", s + 1, 82 + s));
        }
        runs.add(run("mrpc", "dense", 1, 85)); // dense has no rte: no average
        GlueTable t = new GlueTable(runs);
        assertEquals(61.0, t.cell("asp", "rte").stats().getMean(), 1e-12);
        assertEquals(1.0, t.cell("asp", "rte").stats().getStandardDeviation(), 1e-12);
        assertEquals((61 + 81) / 2.0, t.average("asp"), 1e-12);
        assertTrue(Double.isNaN(t.average("dense")));
        GlueTable.Paired p = t.paired("admm", "asp");
        // differences: +1, +3, -1 (rte), +2, +2, +2 (mrpc)
        assertEquals(6, p.pairs());
        assertEquals(9.0 / 6, p.meanDifference(), 1e-12);
        assertEquals(5, p.wins());
        assertEquals(1, p.losses());
        assertEquals(2 * 7.0 / 64, p.signTestP(), 1e-12); // P(X ≤ 1 | n = 6) = 7/64, two-sided
        // Wilcoxon: |d| ranks 1,1 -> 1.5,1.5; 2,2,2 -> 4,4,4; 3 -> 6; W- = 1.5; exact two-sided p from the 2^6 sign patterns
        double w = 1.5;
        double[] ranks = {1.5, 1.5, 4, 4, 4, 6};
        int atMost = 0;
        for (int mask = 0; mask < 64; mask++) {
            double neg = 0;
            for (int i = 0; i < 6; i++) if ((mask & (1 << i)) != 0) neg += ranks[i];
            if (Math.min(neg, 21 - neg) <= w) atMost++;
        }
        assertEquals((double) atMost / 64, p.wilcoxonP(), 0.05, "Commons Math's exact p (ties handled by its own ranking)");
        assertTrue(String.join("\n", t.render("asp")).contains("admm       +1.50"));
    }

    @Test
    void journalRoundTripAndBadLines() throws Exception {
        Journal j = Journal.open(dir);
        j.append(run("rte", "asp", 1, 60));
        j.append(run("rte", "admm", 1, 61));
        Journal again = Journal.open(dir);
        assertEquals(2, again.runs().size());
        assertTrue(again.contains("rte/admm/1"));
        assertEquals(2, Files.readAllLines(dir.resolve(Journal.FILE)).size());
        try (var s = Files.list(dir)) {
            assertEquals(List.of(Journal.FILE, "runs.lock"), s.map(f -> f.getFileName().toString()).sorted().toList(),
                    "no temporary file left behind");
        }
        Files.writeString(dir.resolve(Journal.FILE), Files.readString(dir.resolve(Journal.FILE)) + "{\"task\": \"rte\"\n");
        InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> Journal.open(dir));
        assertTrue(e.getMessage().contains("runs.jsonl:3:"), e.getMessage());
    }

    @Test
    void workersSharingAJournalKeepEachOthersRunsAndClaims() throws Exception {
        Journal a = Journal.open(dir), b = Journal.open(dir);
        a.append(run("rte", "asp", 1, 60));
        b.append(run("rte", "admm", 1, 61)); // b opened before a's append: it must not drop a's run
        b.append(run("rte", "asp", 1, 99));  // a key already there is not added twice
        assertEquals(2, Files.readAllLines(dir.resolve(Journal.FILE)).size());
        assertEquals(60, a.find("rte/asp/1").get("score").asDouble());
        assertTrue(a.claim("rte/dense/1"));
        assertTrue(b.claim("rte/dense/1"), "the same process holds it");
        Path claim = dir.resolve("claims").resolve("rte-dense-1");
        Files.writeString(claim, "1"); // pid 1 is alive: another worker's run
        assertTrue(!a.claim("rte/dense/1"));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(claim, Long.toString(gone.pid())); // its worker exited: stale, taken over
        assertTrue(a.claim("rte/dense/1"));
        a.release("rte/dense/1");
        assertTrue(!Files.exists(claim));
    }
}
