package org.nxm.cli.embed;

import org.nxm.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedCommandTest {
    @TempDir Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void similarSentencesScoreHigherThanUnrelatedOnes() throws Exception {
        CliRun r = run("embed", "--json", "A man is playing a guitar.", "A person plays the guitar.", "The stock market fell sharply today.");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        JsonNode m = j.get("cosine_matrix");
        assertEquals(1.0, m.get(0).get(0).asDouble(), 1e-5);
        double similar = m.get(0).get(1).asDouble(), unrelated = m.get(0).get(2).asDouble();
        assertTrue(similar > 0.6 && unrelated < 0.2 && similar > unrelated + 0.4, r.out());
        assertEquals(m.get(1).get(0).asDouble(), similar, 1e-9);
    }

    @Test
    void twoSentencesPrintOneCosine() {
        CliRun r = run("embed", "A man is playing a guitar.", "A person plays the guitar.");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("cosine similarity: 0\\.\\d{4}\\s*"), r.out());
    }

    @Test
    void missingOnnxIsOneLineExit2() {
        Path p = dir.resolve("nope.onnx");
        CliRun r = run("embed", "--onnx", p.toString(), "a", "b");
        assertEquals(2, r.code());
        assertEquals("nxm embed: " + p + ": ONNX file not found", r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void corruptOnnxIsOneLineExit2() throws Exception {
        Path p = dir.resolve("bad.onnx");
        Files.write(p, new byte[] {0x3a, (byte) 0xff, (byte) 0xff, 0x0f, 1, 2, 3});
        CliRun r = run("embed", "--onnx", p.toString(), "a", "b");
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("nxm embed: " + p + ": byte 1: length"), r.err());
    }
}
