package org.nxm.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.cli.Nxm;
import org.nxm.traces.MemoryLevel;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.Unit;
import org.nxm.traces.UnitKind;
import org.nxm.traces.format.NxmtWriter;
import picocli.CommandLine;

/**
 * The failure classes through the CLI, in process: each ends in exit 2 with one line on stderr that names
 * the command and the file, no stack trace, and no output left behind.
 */
class CliRegressionTest {
    @TempDir Path dir;

    record Run(int code, String out, String err) {
        /** Exit 2, one line naming the qualified command and the given text, no trace. */
        void refused(String command, String... mentions) {
            assertEquals(Nxm.EXIT_BAD_INPUT, code, err);
            assertEquals(1, err.strip().lines().count(), err);
            assertTrue(err.startsWith("nxm " + command + ": "), err);
            for (String m : mentions) assertTrue(err.contains(m), "'" + m + "' not in: " + err);
            assertFalse(err.contains("\tat "), err);
        }
    }

    static Run nxm(String... args) {
        CommandLine cl = Nxm.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Path regression(String reader, String name) throws URISyntaxException {
        return Path.of(CliRegressionTest.class.getResource("/regressions/" + reader + "/" + name).toURI());
    }

    static Path scalesimCase(String name, String file) { return ReaderFuzzTest.data().resolve("scalesim").resolve(name).resolve(file); }

    private static boolean empty(Path d) throws Exception {
        if (!Files.exists(d)) return true;
        try (Stream<Path> s = Files.list(d)) {
            return s.findAny().isEmpty();
        }
    }

    @Test
    void noCommandIsAUsageError() {
        Run r = nxm();
        assertEquals(Nxm.EXIT_BAD_INPUT, r.code());
        assertTrue(r.err().contains("Usage: nxm"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void errorsNameTheQualifiedCommand() {
        Run unknown = nxm("frobnicate");
        assertEquals(Nxm.EXIT_BAD_INPUT, unknown.code());
        assertTrue(unknown.err().startsWith("nxm: Unmatched argument"), unknown.err());
        Run nested = nxm("trace", "export");
        assertEquals(Nxm.EXIT_BAD_INPUT, nested.code());
        assertTrue(nested.err().startsWith("nxm trace export: Missing required"), nested.err());
        assertTrue(nested.err().contains("Try 'nxm trace export --help'."), nested.err());
    }

    @Test
    void scalesimRefusesAstronomicalLayersInsteadOfHanging() throws Exception {
        Path out = dir.resolve("out");
        for (String topology : List.of("k-int-max-hangs.csv", "m-n-k-100000-hangs.csv", "depthwise-1e8-channels.csv")) {
            Path t = regression("scalesim-topology", topology);
            long t0 = System.nanoTime();
            nxm("scalesim", "-c", scalesimCase("os_8x8_user_bw10", "config.cfg").toString(), "-t", t.toString(), "-p", out.toString())
                    .refused("scalesim", t.getFileName().toString());
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, topology + " took over 5 s to refuse");
            assertTrue(empty(out), "reports written for a refused run");
        }
    }

    @Test
    void scalesimRefusesSizesThatOverflow() throws Exception {
        for (String topology : List.of("k-overflows-negative.csv", "m-overflows-negative.csv")) {
            Path t = regression("scalesim-topology", topology);
            nxm("scalesim", "-c", scalesimCase("os_8x8_even_calc", "config.cfg").toString(), "-t", t.toString(),
                    "-p", dir.resolve("o").toString()).refused("scalesim", t.getFileName().toString(), "exceeds");
        }
    }

    @Test
    void scalesimReportsNeverLeaveTheWorkingDirectory() throws Exception {
        Path cfg = regression("scalesim-cfg", "run-name-escapes.cfg");
        nxm("scalesim", "-c", cfg.toString(), "-t", scalesimCase("os_8x8_user_bw10", "topology.csv").toString())
                .refused("scalesim", cfg.getFileName().toString(), "run_name");
        Path nul = regression("scalesim-cfg", "run-name-nul.cfg");
        nxm("scalesim", "-c", nul.toString(), "-t", scalesimCase("os_8x8_user_bw10", "topology.csv").toString())
                .refused("scalesim", nul.getFileName().toString(), "run_name");
    }

    @Test
    void scalesimNamesTheByteOffsetOfBadUtf8() throws Exception {
        Path cfg = regression("scalesim-cfg", "non-utf8.cfg");
        nxm("scalesim", "-c", cfg.toString(), "-t", scalesimCase("os_8x8_user_bw10", "topology.csv").toString(),
                "-p", dir.toString()).refused("scalesim", cfg.getFileName().toString(), "byte offset");
    }

    @Test
    void hardwareYamlOverflowsAndHugeValuesAreNamedRefusals() throws Exception {
        Map<String, String> fieldOf = Map.of("cores-2pow64-plus-1.yaml", "cores", "cores-long-overflow.yaml", "cores",
                "tensor-cores-int-max.yaml", "tensor_cores_per_core", "cores-int-max-oom.yaml", "cores",
                "bandwidth-1e-300.yaml", "bytes_per_cycle", "name-64k.yaml", "name", "sram-kb-overflow.yaml", "ifmap_sram_kb");
        for (Map.Entry<String, String> e : fieldOf.entrySet()) {
            Path hw = regression("hardware-yaml", e.getKey());
            nxm("hw", "show", hw.toString()).refused("hw show", hw.getFileName().toString(), e.getValue());
        }
        Path hw = regression("hardware-yaml", "tensor-cores-int-max.yaml");
        nxm("simulate", "--hw", hw.toString(), "--gemm", "64,16,64").refused("simulate", hw.getFileName().toString());
    }

    @Test
    void programJsonDefectsAreNamedRefusals() throws Exception {
        for (String name : List.of("op-null.json", "op-region-null.json", "op-layer-int-max.json", "weights-file-nul.json",
                "edge-out-of-range.json", "op-tensor-negative.json", "tensor-null.json", "gemm-pattern-0.json")) {
            Path p = regression("program-json", name);
            nxm("simulate", "--hw", "a100", "--program", p.toString()).refused("simulate", p.getFileName().toString());
        }
    }

    @Test
    void encodePruneRefusesEmptyMatricesWithHugeDimensionsInsteadOfHanging() throws Exception {
        for (String name : List.of("all-rows-2pow31-k-0-hangs.safetensors", "rows-2pow31-k-0-hangs.safetensors",
                "rows-0-k-2pow31-hangs.safetensors")) {
            Path in = regression("safetensors-encode", name);
            Path out = dir.resolve("packed.safetensors");
            long t0 = System.nanoTime();
            nxm("encode", in.toString(), "--pattern", "2:4", "--layout", "nm", "--prune", "magnitude", "--out", out.toString())
                    .refused("encode", name, "tensor '", "needs rows and k positive");
            assertTrue(System.nanoTime() - t0 < 2_000_000_000L, name + " took over 2 s to refuse");
            assertFalse(Files.exists(out), "output written for a refused run");
        }
    }

    @Test
    void decodeErrorsNameTheFileAndTensor() throws Exception {
        for (String name : List.of("cutlass-meta-code-0.safetensors", "nm-meta-indices-not-ascending.safetensors",
                "encoded-rows-2pow31-k-0.safetensors")) {
            Path in = regression("safetensors-decode", name);
            Path out = dir.resolve("dense.safetensors");
            nxm("decode", in.toString(), "--out", out.toString()).refused("decode", name, "tensor '");
            assertFalse(Files.exists(out), "output written for a refused run");
        }
    }

    @Test
    void tracesWithImpossibleHeadersAreRefusedNotLoopedOver() throws Exception {
        Path infinite = dir.resolve("infinite-peak.nxmt");
        write(infinite, new TraceHeader("hw", "d", 1e9, List.of(new MemoryLevel("dram", Double.POSITIVE_INFINITY)),
                List.of(new Unit("core0", UnitKind.CORE, -1, 4)), List.of("l0"), Map.of()));
        Path plots = dir.resolve("plots");
        for (String sub : List.of("summary", "layers", "bandwidth", "info"))
            nxm("trace", sub, infinite.toString()).refused("trace " + sub, infinite.getFileName().toString(), "peak");
        nxm("trace", "plot", infinite.toString(), "--out", plots.toString()).refused("trace plot", "peak");
        assertTrue(empty(plots), "plot folder left behind");
    }

    @Test
    void traceTotalsThatWouldOverflowAreRefusedNotWrapped() throws Exception {
        Path p = dir.resolve("overflow.nxmt");
        TraceHeader h = new TraceHeader("hw", "d", 1e9, List.of(new MemoryLevel("dram", 64)),
                List.of(new Unit("dram0", UnitKind.DRAM_CHANNEL, 0, 64)), List.of("l0"), Map.of());
        long max = Long.MAX_VALUE / 4; // one event's largest byte count: five of them pass 2^63-1
        try (NxmtWriter w = NxmtWriter.open(p, h, org.nxm.traces.format.WriterOptions.defaults().withChunkEvents(2))) {
            for (int i = 0; i < 6; i++) w.event(org.nxm.traces.EventKind.LOAD_WEIGHTS_DENSE, 0, i, 1, 0, i, max, 0);
        }
        for (String sub : List.of("summary", "layers", "diff"))
            (sub.equals("diff") ? nxm("trace", sub, p.toString(), p.toString()) : nxm("trace", sub, p.toString()))
                    .refused("trace " + sub, p.getFileName().toString(), "chunk 2", "exceeds 2^63-1");
    }

    private static void write(Path p, TraceHeader h) {
        try (NxmtWriter w = NxmtWriter.open(p, h)) {
            w.event(org.nxm.traces.EventKind.MMA_DENSE, 0, 0, 10, 0, 0, 0, 100);
        }
    }

    @Test
    void hwListJsonGoesThroughTheSharedPrinter() throws Exception {
        Run r = nxm("hw", "list", "--json");
        assertEquals(0, r.code(), r.err());
        var rows = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertTrue(rows.isArray() && rows.size() >= 4);
        assertTrue(rows.get(0).get("sparse_patterns").isArray(), r.out());
    }

    @Test
    void aCrashExitsWithNeitherOneNorTwo() {
        StringWriter err = new StringWriter();
        int code = Nxm.crash(new IllegalStateException("boom"), new PrintWriter(err), "nxm x");
        assertEquals(Nxm.EXIT_INTERNAL_ERROR, code);
        assertTrue(code != 1 && code != 2);
        assertTrue(err.toString().startsWith("nxm x: internal error"), err.toString());
        StringWriter vec = new StringWriter();
        Nxm.crash(new NoClassDefFoundError("jdk/incubator/vector/FloatVector"), new PrintWriter(vec), "nxm prune");
        assertEquals(1, vec.toString().strip().lines().count(), vec.toString());
        assertTrue(vec.toString().contains("--add-modules jdk.incubator.vector"), vec.toString());
    }
}
