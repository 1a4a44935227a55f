package org.nxm.cli.trace;

import org.nxm.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.traces.analysis.TraceStats;
import org.nxm.traces.format.NxmtReader;
import org.nxm.traces.format.NxmtWriter;
import org.nxm.traces.format.WriterOptions;
import org.nxm.traces.synthetic.SyntheticWorkload;

class TraceCommandTest {
    @TempDir
    static Path dir;
    static Path dense;
    static Path sparse;


    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    static Path write(String name, SyntheticWorkload.Spec spec, int chunk) {
        Path p = dir.resolve(name);
        try (NxmtWriter w = NxmtWriter.open(p, SyntheticWorkload.header(spec), WriterOptions.defaults().withChunkEvents(chunk))) {
            SyntheticWorkload.generate(spec, w, Long.MAX_VALUE);
        }
        return p;
    }

    @BeforeAll
    static void traces() {
        dense = write("dense.nxmt", SyntheticWorkload.Spec.minilm(4, 4), 1000);
        sparse = write("sparse.nxmt", SyntheticWorkload.Spec.minilm(2, 4), 1000);
    }

    @Test
    void summaryJsonCarriesCyclesMacsAndDramBytes() throws Exception {
        CliRun r = run("trace", "summary", sparse.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        TraceStats s;
        try (NxmtReader reader = NxmtReader.open(sparse)) {
            s = new TraceStats(reader.header());
            reader.replay(s);
        }
        assertEquals(s.cycles(), j.get("cycles").asLong());
        assertEquals(s.macs(), j.get("macs").asLong());
        assertEquals(s.dramBytes(), j.get("dram_bytes").asLong());
        assertTrue(j.get("units").isArray() && j.get("stalls").isArray());

        CliRun human = run("trace", "summary", sparse.toString());
        assertEquals(0, human.code());
        assertTrue(human.out().contains(String.format("cycles %,d", s.cycles())), human.out());
        assertTrue(human.out().contains("stall_memory"));
    }

    @Test
    void layersBandwidthAndDiff() throws Exception {
        CliRun layers = run("trace", "layers", sparse.toString());
        assertEquals(0, layers.code(), layers.err());
        assertTrue(layers.out().contains("encoder.layer.5.output.dense"));
        JsonNode lj = new ObjectMapper().readTree(run("trace", "layers", sparse.toString(), "--json").out());
        assertEquals(48, lj.get("layers").size());
        long own = 0;
        for (JsonNode l : lj.get("layers")) own += l.get("cycles").asLong();
        JsonNode sj = new ObjectMapper().readTree(run("trace", "summary", sparse.toString(), "--json").out());
        assertEquals(sj.get("cycles").asLong(), own, "own shares add up to the run");

        CliRun cp = run("trace", "critical-path", sparse.toString(), "--segments");
        assertEquals(0, cp.code(), cp.err());
        assertTrue(cp.out().contains("critical path: " + String.format("%,d", sj.get("cycles").asLong())), cp.out());
        JsonNode cj = new ObjectMapper().readTree(run("trace", "critical-path", sparse.toString(), "--json").out());
        long path = 0;
        for (JsonNode g : cj.get("segments")) path += g.get("cycles").asLong();
        assertEquals(sj.get("cycles").asLong(), path);

        Path csv = dir.resolve("bw.csv");
        CliRun bw = run("trace", "bandwidth", sparse.toString(), "--window", "5000", "--csv", csv.toString());
        assertEquals(0, bw.code(), bw.err());
        assertTrue(bw.out().contains("dram") && bw.out().contains("peak bytes/cycle"));
        var lines = Files.readAllLines(csv);
        assertEquals("window_start,dram_bytes_per_cycle,shared_bytes_per_cycle", lines.get(0));
        assertEquals("5000", lines.get(2).split(",")[0]);

        CliRun diff = run("trace", "diff", dense.toString(), sparse.toString());
        assertEquals(0, diff.code(), diff.err());
        assertTrue(diff.out().contains("MMA time shrank 2.00x"), diff.out());
        JsonNode dj = new ObjectMapper().readTree(run("trace", "diff", dense.toString(), sparse.toString(), "--json").out());
        assertTrue(dj.get("speedup").asDouble() > 1);
    }

    @Test
    void exportAndPlotWriteFiles() throws Exception {
        Path json = dir.resolve("out/t.json");
        CliRun e = run("trace", "export", sparse.toString(), "--chrome", json.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(new ObjectMapper().readTree(json.toFile()).get("traceEvents").size() > 1000);
        Path csv = dir.resolve("out/t.csv");
        assertEquals(0, run("trace", "export", sparse.toString(), "--csv", csv.toString()).code());
        long rows;
        try (var s = Files.lines(csv)) {
            rows = s.count();
        }
        try (NxmtReader r = NxmtReader.open(sparse)) {
            assertEquals(r.eventCount() + 1, rows);
        }
        assertEquals(2, run("trace", "export", sparse.toString()).code()); // one of --chrome/--csv is required

        Path window = dir.resolve("out/w.csv");
        assertEquals(0, run("trace", "export", sparse.toString(), "--csv", window.toString(), "--from", "100000", "--to", "200000").code());
        long expected = 0;
        try (NxmtReader r = NxmtReader.open(sparse)) {
            for (var ev : r.readAll()) if (ev.start() < 200000 && (ev.end() > 100000 || ev.start() >= 100000)) expected++;
        }
        assertTrue(expected > 100);
        try (var s = Files.lines(window)) {
            assertEquals(expected + 1, s.count());
        }
        assertEquals(2, run("trace", "export", sparse.toString(), "--csv", window.toString(), "--from", "5", "--to", "5").code());

        Path plots = dir.resolve("plots");
        CliRun p = run("trace", "plot", sparse.toString(), "--out", plots.toString());
        assertEquals(0, p.code(), p.err());
        for (String f : new String[] {"utilisation.svg", "bandwidth.svg", "layers.svg", "roofline.svg"}) {
            Path svg = plots.resolve(f);
            DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        }
        try (var s = Files.list(plots)) {
            assertEquals(4, s.count()); // no temp files left behind
        }
    }

    @Test
    void badFilesAreOneLineAndExit2() throws Exception {
        byte[] all = Files.readAllBytes(sparse);
        Path magic = dir.resolve("magic.nxmt");
        byte[] m = all.clone();
        m[0] = 'X';
        Files.write(magic, m);
        CliRun r = run("trace", "summary", magic.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("nxm trace summary: ") && r.err().contains("not an nxm trace"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());

        Path version = dir.resolve("version.nxmt");
        byte[] v = all.clone();
        v[5] = 2;
        Files.write(version, v);
        CliRun rv = run("trace", "layers", version.toString());
        assertEquals(2, rv.code());
        assertTrue(rv.err().contains("version 2 is not supported"), rv.err());

        long chunk2;
        try (NxmtReader reader = NxmtReader.open(sparse)) {
            chunk2 = reader.chunks().get(2).offset();
        }
        Path corrupt = dir.resolve("corrupt.nxmt");
        byte[] c = all.clone();
        c[(int) chunk2 + 60] ^= 0x7f;
        Files.write(corrupt, c);
        CliRun rc = run("trace", "summary", corrupt.toString());
        assertEquals(2, rc.code());
        assertTrue(rc.err().contains("chunk 2 at offset " + chunk2 + " is corrupt"), rc.err());
        assertEquals(1, rc.err().strip().lines().count(), rc.err());
        assertFalse(rc.err().contains("at org."));
        assertEquals(2, run("trace", "info", corrupt.toString(), "--verify").code());

        CliRun missing = run("trace", "summary", dir.resolve("nope.nxmt").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such trace file"));
        assertEquals(2, run("trace", "bandwidth", sparse.toString(), "--window", "0").code());
    }

    @Test
    void truncatedTraceWarnsAndStillAnalyses() throws Exception {
        byte[] all = Files.readAllBytes(sparse);
        long chunk5;
        try (NxmtReader reader = NxmtReader.open(sparse)) {
            chunk5 = reader.chunks().get(5).offset();
        }
        Path cut = dir.resolve("cut.nxmt");
        Files.write(cut, Arrays.copyOf(all, (int) chunk5 + 100));
        CliRun r = run("trace", "summary", cut.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().startsWith("warning: ") && r.err().contains("truncated") && r.err().contains("5 complete chunks"), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(5000, j.get("events").asLong());
        assertTrue(j.get("truncated").asBoolean());
    }

    @Test
    void everySubcommandHasHelpWithAnExample() {
        for (String sub : new String[] {"summary", "bandwidth", "layers", "critical-path", "diff", "plot", "export", "info"}) {
            CliRun r = run("trace", sub, "--help");
            assertEquals(0, r.code(), sub);
            assertTrue(r.out().contains("Example:") && r.out().contains("nxm trace " + sub), sub + ": " + r.out());
        }
        CliRun info = run("trace", "info", sparse.toString(), "--verify");
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("CRC32 and contents OK"));
        assertTrue(run("trace", "--help").out().contains("Example:"));
    }
}
