package org.nxm.cli.run;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.cli.CliRun;

class RunCommandTest {
    @TempDir Path dir;

    /** The whole chain on the real model (magnitude pruning and a short sequence keep it quick). */
    @Test
    void wholeChainOnRealMiniLm() throws Exception {
        Path outDir = dir.resolve("run");
        CliRun r = CliRun.of("run", "--method", "magnitude", "--no-eval", "--seq", "32", "--functional-sentences", "2",
                "--out", outDir.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(outDir.resolve("report.json").toFile());
        assertEquals("minilm-l6", j.get("model").asText());
        assertTrue(j.get("pretrained_weights").asBoolean());
        assertTrue(j.get("functional").get("passed").asBoolean());
        assertTrue(j.get("functional").get("max_relative_error").asDouble() <= 1e-5);
        double speedup = j.get("speedup").asDouble();
        assertTrue(speedup > 1.0 && speedup <= 2.0, "speedup " + speedup);
        assertEquals(j.get("dense_cycles").asLong(), j.get("dense").get("cycles").asLong());
        JsonNode c = j.get("compression");
        assertEquals(c.get("dense_weight_bytes").asLong(), 16 * c.get("metadata_bytes").asLong(), "2:4 fp16 metadata = 1/16");
        assertEquals(c.get("dense_weight_bytes").asLong(), 2 * c.get("weight_value_bytes").asLong());
        assertTrue(Files.size(outDir.resolve("sparse.nxmt")) > 0);
        assertTrue(Files.readString(outDir.resolve("plots-sparse/roofline.svg")).contains("<svg"));
        assertTrue(r.out().contains("Functional check"), r.out());
        assertTrue(r.out().contains(outDir.toString()));
        assertFalse(Files.exists(dir.resolve(".run.partial")));

        // The trace summary of the sparse run agrees with the report (same simulator run).
        CliRun t = CliRun.of("trace", "summary", outDir.resolve("sparse.nxmt").toString(), "--json");
        assertEquals(0, t.code(), t.err());
        JsonNode s = new ObjectMapper().readTree(t.out());
        assertEquals(j.get("cycles").asLong(), s.get("cycles").asLong());
        assertEquals(j.get("sparse").get("dram_bytes").asLong(), s.get("dram_bytes").asLong());
    }

    /**
     * nxm run takes the model-file options compile and simulate take (one shared mixin): all-MiniLM-L6-v2 exported to
     * a Hugging Face directory, and as its ONNX file with tokenizer.json, go through the whole chain with the
     * functional check, and the two give the same program, cycles and functional error (same weights).
     */
    @Test
    void wholeChainOnAModelDirectoryAndAnOnnxFile() throws Exception {
        Path hf = dir.resolve("minilm-hf");
        CliRun x = CliRun.of("export", "--model", "minilm-l6", "--out", hf.toString());
        assertEquals(0, x.code(), x.err());
        Path onnx = dir.resolve("model.onnx");
        Files.write(onnx, org.nxm.model.transformer.MiniLm.onnxBytes());
        Path tok = dir.resolve("tokenizer.json");
        try (var in = org.nxm.model.transformer.MiniLm.class.getClassLoader().getResourceAsStream(org.nxm.model.transformer.MiniLm.TOKENIZER_RESOURCE)) {
            Files.write(tok, in.readAllBytes());
        }
        JsonNode fromDir = chain("dir", "--model-dir", hf.toString());
        JsonNode fromOnnx = chain("onnx", "--onnx", onnx.toString(), "--tokenizer", tok.toString(), "--pooling", "mean");
        assertEquals(hf.toString(), fromDir.get("model").asText());
        assertEquals(onnx.toString(), fromOnnx.get("model").asText());
        for (JsonNode j : new JsonNode[] {fromDir, fromOnnx}) {
            assertTrue(j.get("pretrained_weights").asBoolean());
            assertTrue(j.get("functional").get("passed").asBoolean(), j.toString());
        }
        assertEquals(fromDir.get("cycles").asLong(), fromOnnx.get("cycles").asLong());
        assertEquals(fromDir.get("compression"), fromOnnx.get("compression"));
        assertEquals(fromDir.get("functional").get("max_relative_error").asDouble(),
                fromOnnx.get("functional").get("max_relative_error").asDouble());

        CliRun both = CliRun.of("run", "--model", "minilm-l6", "--model-dir", hf.toString(), "--out", dir.resolve("both").toString());
        assertEquals(2, both.code(), both.err());
        assertTrue(both.err().contains("--model-dir"), both.err());
    }

    private JsonNode chain(String name, String... source) throws Exception {
        Path outDir = dir.resolve("run-" + name);
        String[] args = {"run", "--method", "magnitude", "--no-eval", "--seq", "32", "--functional-sentences", "2", "--out", outDir.toString()};
        String[] full = Arrays.copyOf(args, args.length + source.length);
        System.arraycopy(source, 0, full, args.length, source.length);
        CliRun r = CliRun.of(full);
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(outDir.resolve("report.json").toFile());
    }

    @Test
    void badInputIsOneLineExit2AndNoFolder() {
        for (String[] args : new String[][] {
            {"run", "--method", "nonesuch"},
            {"run", "--pattern", "3:4x"},
            {"run", "--hw", "a100", "--pattern", "1:4"},
            {"run", "--model", "no-such-model"},
        }) {
            Path outDir = dir.resolve("bad");
            String[] full = Arrays.copyOf(args, args.length + 2);
            full[args.length] = "--out";
            full[args.length + 1] = outDir.toString();
            CliRun r = CliRun.of(full);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(Files.exists(outDir));
        }
    }
}
