package org.nxm.cli.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.cli.CliRun;
import org.nxm.model.data.DataDir;
import org.nxm.model.transformer.BgeSmall;

/**
 * bge-small-en-v1.5 by name, exported to a Hugging Face directory and read back, and as a bare ONNX file: the
 * same STS-B Spearman to the last digit (on 150 real dev pairs, to keep the test short; the full dev figure is in
 * the README). The artifact is found in the local Maven repository, as the nxm jar finds it.
 */
class BgeSmallCommandsTest {
    @TempDir Path tmp;

    @Test
    void sameStsbFigureByNameThroughExportAndAsOnnx() throws Exception {
        List<String> lines = Files.readAllLines(DataDir.file(null, "glue/sts-b/dev.tsv"), StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(lines.get(0)).append('\n');
        for (int i = 1; i < lines.size(); i += 10) sb.append(lines.get(i)).append('\n');
        Path data = tmp.resolve("stsb.tsv");
        Files.writeString(data, sb.toString(), StandardCharsets.UTF_8);

        double byName = spearman("eval", "--model", "bge-small", "--task", "stsb", "--data", data.toString(), "--json");
        assertTrue(byName > 75 && byName < 100, "bge-small STS-B Spearman " + byName);

        Path dir = tmp.resolve("bge-hf");
        CliRun x = CliRun.of("export", "--model", "bge-small", "--out", dir.toString());
        assertEquals(0, x.code(), x.err());
        assertEquals(byName, spearman("eval", "--model-dir", dir.toString(), "--task", "stsb", "--data", data.toString(), "--json"));

        Path onnx = tmp.resolve("bge-small-en-v1.5.onnx");
        Files.write(onnx, BgeSmall.onnxBytes());
        Path tok = tmp.resolve("tokenizer.json");
        Files.write(tok, BgeSmall.TOKENIZER.readAllBytes());
        assertEquals(byName, spearman("eval", "--onnx", onnx.toString(), "--tokenizer", tok.toString(), "--pooling", "cls",
                "--task", "stsb", "--data", data.toString(), "--json"));
    }

    private static double spearman(String... args) throws Exception {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        return j.get("stsb_spearman").asDouble();
    }
}
