package org.nxm.cli.scalesim;

import org.nxm.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nxm.model.data.DataDir;

class ScaleSimCommandTest {
    @TempDir
    Path tmp;


    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    static Path caseDir(String name) {
        Path d = DataDir.resolve(null).resolve("scalesim").resolve(name);
        assertTrue(Files.isDirectory(d), "missing case " + d);
        return d;
    }

    @ParameterizedTest
    @ValueSource(strings = {"os_16x8_two_layer_calc", "ws_16x8_user_bw10", "is_32x32_user_bw10", "ws_128x128_calc"})
    void writesScaleSimsReportsByteForByte(String name) throws IOException {
        Path c = caseDir(name), out = tmp.resolve("out");
        CliRun r = run("scalesim", "-c", c.resolve("config.cfg").toString(), "-t", c.resolve("topology.csv").toString(),
                "-p", out.toString());
        assertEquals(0, r.code(), r.err());
        for (String f : List.of("COMPUTE_REPORT.csv", "BANDWIDTH_REPORT.csv", "DETAILED_ACCESS_REPORT.csv"))
            assertEquals(Files.readString(c.resolve(f)), Files.readString(out.resolve(f)), f);
        assertTrue(r.out().contains("total cycles"), r.out());
    }

    @Test
    void jsonHasPerLayerCyclesAndWallTime() throws IOException {
        Path c = caseDir("os_16x8_two_layer_calc");
        CliRun r = run("scalesim", "-c", c.resolve("config.cfg").toString(), "-t", c.resolve("topology.csv").toString(),
                "--gemm", "--json", "-p", tmp.resolve("j").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        JsonNode expected = new ObjectMapper().readTree(c.resolve("expected.json").toFile());
        assertEquals(2, j.get("layers").size());
        for (int i = 0; i < 2; i++)
            assertEquals(expected.get("layers").get(i).get("total_cycles").asLong(), j.get("layers").get(i).get("total_cycles").asLong());
        assertTrue(j.get("sim_wall_ms").isNumber() && j.get("sim_wall_ms").asDouble() >= 0);
    }

    @Test
    void nativeCountsCyclesRun() throws IOException {
        Path c = caseDir("os_8x8_even_calc");
        CliRun r = run("scalesim", "-c", c.resolve("config.cfg").toString(), "-t", c.resolve("topology.csv").toString(),
                "--native", "--json", "-p", tmp.resolve("n").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode l = new ObjectMapper().readTree(r.out()).get("layers").get(0);
        assertEquals(4992, l.get("total_cycles").asLong());       // SCALE-Sim says 4991 (the last index)
        assertEquals(64L * 64, l.get("ofmap_sram_writes").asLong()); // no R+C phantom writes per fold
    }

    @Test
    void tracesAreWrittenPerLayer() throws IOException {
        Path c = caseDir("os_8x8_user_bw10"), out = tmp.resolve("t");
        CliRun r = run("scalesim", "-c", c.resolve("config.cfg").toString(), "-t", c.resolve("topology.csv").toString(),
                "--traces", "-p", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> ifmap = Files.readAllLines(out.resolve("layer0/IFMAP_SRAM_TRACE.csv"));
        // one row per line: 1 column fold x 13 row folds x (K + R + C - 2) lines, R addresses each
        assertEquals(13 * 9 * (50 + 8 + 8 - 2), ifmap.size());
        assertEquals(9, ifmap.get(0).split(",").length);
        List<String> dram = Files.readAllLines(out.resolve("layer0/IFMAP_DRAM_TRACE.csv"));
        assertEquals(192700 / 10, dram.size()); // the report's DRAM IFMAP reads, 10 words a cycle
        assertEquals("-410.0", dram.get(0).split(",")[0]);
    }

    @Test
    void sparseTopologyAddsMetadataColumns() throws IOException {
        Path c = caseDir("ws_16x8_uneven_calc");
        Path topo = tmp.resolve("sparse.csv"), out = tmp.resolve("s");
        Files.writeString(topo, "Layer,M,N,K,Sparsity,\ndense,100,70,400,dense,\nsparse,100,70,400,2:4,\n");
        CliRun r = run("scalesim", "-c", c.resolve("config.cfg").toString(), "-t", topo.toString(), "--json", "-p", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode ls = new ObjectMapper().readTree(r.out()).get("layers");
        long dense = ls.get(0).get("total_cycles").asLong(), sparse = ls.get(1).get("total_cycles").asLong();
        assertTrue(sparse * 2 >= dense && sparse < dense * 0.6, dense + " vs " + sparse);
        assertTrue(ls.get(1).get("metadata_bits").asLong() > 0);
        String detailed = Files.readString(out.resolve("DETAILED_ACCESS_REPORT.csv"));
        assertTrue(detailed.lines().findFirst().orElseThrow().endsWith("Metadata Bits, SRAM Metadata Read Bits, DRAM Metadata Read Bits,"));
    }

    // ---------------------------------------------------------------- bad input

    private Path config(String body) throws IOException {
        Path p = tmp.resolve("bad.cfg");
        Files.writeString(p, body);
        return p;
    }

    private static final String GOOD_CFG = """
            [general]
            run_name = t

            [architecture_presets]
            ArrayHeight:    8
            ArrayWidth:     8
            IfmapSramSzkB:   64
            FilterSramSzkB:  64
            OfmapSramSzkB:   64
            IfmapOffset:    0
            FilterOffset:   10000000
            OfmapOffset:    20000000
            Bandwidth : 10
            Dataflow : os
            MemoryBanks:   1

            [run_presets]
            InterfaceBandwidth: CALC
            """;

    private void assertBadInput(Path cfg, Path topo, String... mustContain) throws IOException {
        Path out = tmp.resolve("never");
        CliRun r = run("scalesim", "-c", cfg.toString(), "-t", topo.toString(), "-p", out.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertFalse(err.contains("Exception"), err);
        for (String s : mustContain) assertTrue(err.contains(s), "'" + s + "' in: " + err);
        assertFalse(Files.exists(out), "nothing written to OUTDIR");
    }

    private Path topo(String body) throws IOException {
        Path p = tmp.resolve("topo.csv");
        Files.writeString(p, body);
        return p;
    }

    @Test
    void missingConfigField() throws IOException {
        assertBadInput(config(GOOD_CFG.replace("ArrayWidth:     8\n", "")), topo("Layer,M,N,K,\ng,8,8,8,\n"),
                "bad.cfg:4", "ArrayWidth");
    }

    @Test
    void nonNumericConfigField() throws IOException {
        assertBadInput(config(GOOD_CFG.replace("IfmapSramSzkB:   64", "IfmapSramSzkB:   lots")), topo("Layer,M,N,K,\ng,8,8,8,\n"),
                "bad.cfg:7", "IfmapSramSzkB", "lots");
    }

    @Test
    void unknownDataflow() throws IOException {
        assertBadInput(config(GOOD_CFG.replace("Dataflow : os", "Dataflow : rs")), topo("Layer,M,N,K,\ng,8,8,8,\n"),
                "bad.cfg:14", "Dataflow", "rs");
    }

    @Test
    void userBandwidthNeedsANumber() throws IOException {
        assertBadInput(config(GOOD_CFG.replace("InterfaceBandwidth: CALC", "InterfaceBandwidth: USER").replace("Bandwidth : 10", "Bandwidth : x")),
                topo("Layer,M,N,K,\ng,8,8,8,\n"), "bad.cfg:13", "Bandwidth");
    }

    @Test
    void wrongColumnCount() throws IOException {
        assertBadInput(config(GOOD_CFG), topo("Layer,M,N,K,\ng,8,8,8,\nh,8,8,\n"), "topo.csv:3", "expected 4 columns");
    }

    @Test
    void zeroDimension() throws IOException {
        assertBadInput(config(GOOD_CFG), topo("Layer,M,N,K,\ng,8,0,8,\n"), "topo.csv:2", "N", "positive");
    }

    @Test
    void negativeDimension() throws IOException {
        assertBadInput(config(GOOD_CFG), topo("Layer,M,N,K,\ng,8,8,-3,\n"), "topo.csv:2", "K", "positive");
    }

    @Test
    void badSparsity() throws IOException {
        assertBadInput(config(GOOD_CFG), topo("Layer,M,N,K,Sparsity,\ng,8,8,8,5:4,\n"), "topo.csv:2", "Sparsity");
    }

    @Test
    void convolutionTopologyMapsToGemm() throws IOException {
        Path t = topo("Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
                + "conv1, 12, 12, 3, 3, 4, 16, 1,\npw, 10, 10, 1, 1, 16, 8, 2,\n");
        CliRun r = run("scalesim", "-c", config(GOOD_CFG).toString(), "-t", t.toString(), "--json", "-p", tmp.resolve("c").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode ls = new ObjectMapper().readTree(r.out()).get("layers");
        assertEquals(100, ls.get(0).get("M").asLong()); // 10x10 OFMAP pixels
        assertEquals(16, ls.get(0).get("N").asLong());
        assertEquals(36, ls.get(0).get("K").asLong());  // 3x3x4 window
        assertEquals(36, ls.get(1).get("M").asLong());  // stride 2: SCALE-Sim rounds up, ceil((10-1+2)/2) = 6 per side
    }

    @Test
    void hardwarePresetDrivesTheSameArray() throws IOException {
        // systolic-32x32-os is os_32x32_tfm_calc's array (int8 words, 256/256/128 KiB, CALC)
        Path c = caseDir("os_32x32_tfm_calc"), out = tmp.resolve("hw");
        CliRun r = run("scalesim", "--hw", "systolic-32x32-os", "-t", c.resolve("topology.csv").toString(), "-p", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(Files.readString(c.resolve("COMPUTE_REPORT.csv")), Files.readString(out.resolve("COMPUTE_REPORT.csv")));
        CliRun bad = run("scalesim", "--hw", "a100", "-t", c.resolve("topology.csv").toString(), "-p", tmp.resolve("no").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("systolic"), bad.err());
        assertFalse(Files.exists(tmp.resolve("no")));
    }

    @Test
    void nxmtTraceReadsBackWithTheReportsTotals() throws IOException {
        Path c = caseDir("ws_16x8_user_bw10"), out = tmp.resolve("x"), file = tmp.resolve("run.nxmt");
        CliRun r = run("scalesim", "-c", c.resolve("config.cfg").toString(), "-t", c.resolve("topology.csv").toString(),
                "-p", out.toString(), "--nxmt", file.toString());
        assertEquals(0, r.code(), r.err());
        CliRun s = run("trace", "summary", file.toString(), "--json");
        assertEquals(0, s.code(), s.err());
        JsonNode j = new ObjectMapper().readTree(s.out());
        String text = j.toString();
        // all 128*96*200 MACs are on the array track; DRAM bytes = the report's DRAM words
        assertTrue(text.contains(Long.toString(128L * 96 * 200)), text);
        assertTrue(text.contains(Long.toString(360800L + 82000 + 159744)), text);
    }

    @Test
    void patternOptionAndHardwareSupportedPatterns() throws IOException {
        Path c = caseDir("os_32x32_tfm_calc");
        CliRun r = run("scalesim", "--hw", "systolic-32x32-os", "-t", c.resolve("topology.csv").toString(), "--pattern", "2:4",
                "--json", "-p", tmp.resolve("p").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode l = new ObjectMapper().readTree(r.out()).get("layers").get(0);
        assertEquals("2:4", l.get("sparsity").asText());
        assertTrue(l.get("total_cycles").asLong() < 79679 * 0.55 && l.get("total_cycles").asLong() * 2 >= 79679);
        CliRun bad = run("scalesim", "--hw", "systolic-32x32-os", "-t", c.resolve("topology.csv").toString(), "--pattern", "2:8",
                "-p", tmp.resolve("q").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("2:8") && bad.err().contains("sparse_patterns"), bad.err());
        assertFalse(Files.exists(tmp.resolve("q")));
    }
}
