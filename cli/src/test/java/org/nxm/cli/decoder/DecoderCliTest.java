package org.nxm.cli.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.cli.CliRun;
import org.nxm.traces.analysis.TraceStats;
import org.nxm.traces.format.NxmtReader;

/** {@code nxm simulate --phase} and {@code nxm run} on decoder models: output keys and one-line errors. */
class DecoderCliTest {
    static final String TINY = "name: tiny\nlayers: 4\nhidden: 256\nheads: 8\nn_kv_heads: 2\nintermediate: 768\nvocab: 2048\nmax_context: 1024\n";

    private static void oneLineExit2(CliRun r, String expected) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(expected), r.err());
    }

    @Test
    void badDecoderInputIsOneLineExit2(@TempDir Path dir) throws Exception {
        oneLineExit2(CliRun.of("simulate", "--hw", "h100", "--model", "llama-3-8b", "--phase", "decode", "--batch", "4"), "needs --context");
        oneLineExit2(CliRun.of("simulate", "--hw", "h100", "--model", "llama-3-8b", "--phase", "decode", "--context", "8193"),
                "exceeds llama-3-8b's maximum context of 8192");
        oneLineExit2(CliRun.of("simulate", "--hw", "h100", "--model", "llama-3-8b", "--phase", "prefill", "--seq", "9000"), "--seq");
        oneLineExit2(CliRun.of("simulate", "--hw", "h100", "--model", "llama-3-8b", "--phase", "train"), "expected prefill or decode");
        Path bad = dir.resolve("gqa.yaml");
        Files.writeString(bad, TINY.replace("n_kv_heads: 2", "n_kv_heads: 3"));
        oneLineExit2(CliRun.of("simulate", "--hw", "h100", "--model", bad.toString(), "--phase", "decode", "--context", "16"),
                "n_kv_heads 3 does not divide heads 8");
        oneLineExit2(CliRun.of("run", "--model", "llama-3-8b", "--prompt", "8000", "--generate", "1000"), "exceed llama-3-8b's maximum context");
        oneLineExit2(CliRun.of("simulate", "--hw", "h100", "--model", "llama-3-8b"), "add --phase");
        oneLineExit2(CliRun.of("simulate", "--hw", "h100", "--model", "llama-3-8b", "--phase", "decode", "--context", "16", "--search", "top-k=0"),
                "--search");
    }

    /** Runs the command with the tiny decoder's YAML as --model on edge-16; returns its --json output. */
    private static JsonNode tinyJson(Path dir, String... args) throws Exception {
        Path tiny = dir.resolve("tiny.yaml");
        Files.writeString(tiny, TINY);
        String[] all = new String[args.length + 5];
        all[0] = args[0];
        System.arraycopy(new String[] {"--hw", "edge-16", "--model", tiny.toString(), "--json"}, 0, all, 1, 5);
        System.arraycopy(args, 1, all, 6, args.length - 1);
        CliRun r = CliRun.of(all);
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void decodeJsonHasTheServingFigures(@TempDir Path dir) throws Exception {
        JsonNode j = tinyJson(dir, "simulate", "--phase", "decode", "--batch", "2", "--context", "64");
        String out = j.toString();
        for (String k : new String[] {"time_per_output_token_s", "tokens_per_s", "speedup", "sparse", "dense"}) assertTrue(j.has(k), k + " in " + out);
        for (String k : new String[] {"achieved_bandwidth_bytes_per_s", "weights_s", "kv_cache_s", "compute_s", "bytes_bound_s"}) {
            assertTrue(j.get("sparse").has(k), k);
        }
        assertTrue(j.get("sparse").get("seconds").asDouble() >= j.get("sparse").get("bytes_bound_s").asDouble());
        assertEquals(j.get("speedup").asDouble(), j.get("dense").get("seconds").asDouble() / j.get("sparse").get("seconds").asDouble(), 1e-9);
    }

    @Test
    void decodeWithTheMapperPrintsItsMappings(@TempDir Path dir) throws Exception {
        Path tiny = dir.resolve("tiny.yaml");
        Files.writeString(tiny, TINY);
        CliRun r = CliRun.of("simulate", "--hw", "edge-16", "--model", tiny.toString(), "--json", "--phase", "decode", "--batch", "2",
                "--context", "64", "--search", "top-k=2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("mappings (top-k=2") && r.err().contains("down_proj"), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(j.get("sparse").get("seconds").asDouble() >= j.get("sparse").get("bytes_bound_s").asDouble());
    }

    @Test
    void decoderTraceHoldsTheSimulatedChain(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("decode.nxmt");
        JsonNode j = tinyJson(dir, "simulate", "--phase", "prefill", "--batch", "2", "--seq", "64", "--trace", trace.toString());
        JsonNode sparse = j.get("sparse");
        assertEquals(sparse.get("stalls").size(), 3, sparse.toString());
        TraceStats s;
        try (NxmtReader reader = NxmtReader.open(trace)) {
            s = new TraceStats(reader.header());
            reader.replay(s);
            assertEquals("prefill", reader.header().metadata().get("phase"));
            assertEquals(Integer.toString(sparse.get("blocks_simulated").asInt()), reader.header().metadata().get("decoder.blocks_traced"));
            assertEquals(sparse.get("blocks_simulated").asInt() + 1, reader.header().layers().size());
        }
        // The trace is the chain's schedule: its cycles; the pass adds the blocks that repeat a traced one.
        assertEquals(sparse.get("chain_cycles").asLong(), s.cycles());
        assertEquals(sparse.get("aggregated").asBoolean(), sparse.get("cycles").asLong() > s.cycles());
        CliRun summary = CliRun.of("trace", "summary", trace.toString(), "--json");
        assertEquals(0, summary.code(), summary.err());
        assertEquals(s.cycles(), new ObjectMapper().readTree(summary.out()).get("cycles").asLong());
    }

    @Test
    void runPrintsTheServingSummary(@TempDir Path dir) throws Exception {
        JsonNode j = tinyJson(dir, "run", "--prompt", "32", "--generate", "8", "--batch", "2");
        double e2e = j.get("end_to_end_s").asDouble();
        assertEquals(j.get("time_to_first_token_s").asDouble() + j.get("decode_s").asDouble(), e2e, 1e-12);
        assertEquals(j.get("dense_end_to_end_s").asDouble() / e2e, j.get("speedup").asDouble(), 1e-9);
        assertEquals(3, j.get("decode_samples").size());
        // 2 prompts of 32 tokens fit one prefill pass of at most 2,048 tokens.
        assertEquals(1, j.get("prefill_passes").size());
        assertEquals(1, j.get("prefill_passes").get(0).get("count").asInt());
        assertEquals(j.get("prefill_passes").get(0).get("sparse").get("seconds").asDouble(), j.get("time_to_first_token_s").asDouble(), 1e-12);
        assertEquals(33, j.get("decode_samples").get(0).get("context").asInt());
        assertEquals(40, j.get("decode_samples").get(2).get("context").asInt());
    }
}
