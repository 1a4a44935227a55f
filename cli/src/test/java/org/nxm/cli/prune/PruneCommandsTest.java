package org.nxm.cli.prune;

import org.nxm.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.cli.Nxm;
import org.nxm.model.data.DataDir;
import org.nxm.model.io.safetensors.SafetensorsFile;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;

/** nxm prune / eval / compare through Nxm.commandLine(), on the real model and small slices of real GLUE data. */
class PruneCommandsTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @TempDir static Path data;

    /** A data directory with the first rows of the real STS-B train/dev and MRPC dev files (train: 200 rows, 128 of them held out). */
    @BeforeAll
    static void smallDataDir() throws Exception {
        for (String[] f : new String[][] {{"glue/sts-b/train.tsv", "201"}, {"glue/sts-b/dev.tsv", "61"}, {"glue/mrpc/dev.tsv", "61"}}) {
            List<String> lines = Files.readAllLines(DataDir.file(null, f[0]));
            Path target = data.resolve(f[0]);
            Files.createDirectories(target.getParent());
            Files.write(target, lines.subList(0, Integer.parseInt(f[1])));
        }
    }

    @Test
    void pruneWritesNmWeightsWithMetadataAndEvalReadsThem(@TempDir Path dir) throws Exception {
        for (String pattern : List.of("2:4", "1:4", "2:8", "4:8")) {
            Path out = dir.resolve("w" + pattern.replace(':', '_') + ".safetensors");
            CliRun r = run("prune", "--model", "minilm-l6", "--pattern", pattern, "--method", "wanda", "--calib", "16",
                    "--data-dir", data.toString(), "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.err().contains("encoder.layer.5.output.dense"), "progress per layer on stderr: " + r.err());
            assertTrue(r.out().contains("err_final"), r.out());
            SafetensorsFile f = SafetensorsFile.open(out);
            assertEquals(pattern, f.metadata().get("nxm.pattern"));
            assertEquals("wanda", f.metadata().get("nxm.method"));
            assertEquals(36, f.names().size());
            assertTrue(f.names().contains("encoder.layer.0.attention.self.query.weight"));
            CliRun v = run("verify", out.toString());
            assertEquals(0, v.code(), "nxm verify accepts the pruned file: " + v.out() + v.err());
            NmPattern p = NmPattern.parse(pattern);
            for (String name : f.names()) {
                Matrix m = f.matrix(name);
                assertEquals(0, p.violations(m.data(), m.rows(), m.cols()), name);
            }
        }
        Path w = dir.resolve("w2_4.safetensors");
        CliRun e = run("eval", "--weights", w.toString(), "--task", "stsb", "--data-dir", data.toString(), "--json");
        assertEquals(0, e.code(), e.err());
        JsonNode j = new ObjectMapper().readTree(e.out());
        assertTrue(j.get("stsb_spearman").asDouble() > 20 && j.get("stsb_spearman").asDouble() <= 100, e.out());
        double cos = j.get("mean_cosine_to_dense").asDouble();
        assertTrue(cos > 0.3 && cos < 1.0, e.out());
        double held = j.get("heldout_hidden_error").asDouble();
        assertTrue(held > 0.05 && held < 1.0 && j.get("heldout_sentences").asInt() == 256, e.out());
        CliRun dense = run("eval", "--task", "mrpc", "--data-dir", data.toString(), "--json");
        assertEquals(0, dense.code(), dense.err());
        JsonNode d = new ObjectMapper().readTree(dense.out());
        assertTrue(d.has("mrpc_accuracy") && d.has("mrpc_f1") && !d.has("mean_cosine_to_dense"), dense.out());
    }

    @Test
    void compareRunsEveryRequestedMethodIntoOneTable(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("c.csv");
        CliRun r = run("compare", "--pattern", "2:4", "--methods", "magnitude,wanda", "--task", "stsb", "--calib", "8",
                "--data-dir", data.toString(), "--csv", csv.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("dense") && r.out().contains("magnitude") && r.out().contains("wanda"), r.out());
        assertTrue(r.out().contains("heldout_err"), r.out());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("method,stsb_spearman,mean_cosine_to_dense,heldout_hidden_error"));
        assertTrue(lines.get(2).startsWith("magnitude,") && lines.get(2).endsWith(",0"), lines.get(2));
        // Held-out error ranks the calibrated method above magnitude.
        double mag = Double.parseDouble(lines.get(2).split(",")[3]), wanda = Double.parseDouble(lines.get(3).split(",")[3]);
        assertTrue(wanda < mag, lines.toString());
        assertEquals("-", lines.get(1).split(",")[3], "no held-out error for the dense row");
    }

    @Test
    void calibDataTakesTheUsersTextAndWarnsWhenTooFewTokens(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("mine.txt"), "A man is playing a guitar.\n\nThe cat sleeps on the warm mat.\n");
        Path out = dir.resolve("w.safetensors");
        CliRun r = run("prune", "--method", "wanda", "--calib-data", text.toString(), "--out", out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        // Two short sentences are far fewer tokens than the 1,536 inputs of output.dense: a warning, and the figure.
        String warning = r.err().lines().filter(l -> l.contains("warning")).findFirst().orElse("");
        assertTrue(warning.startsWith("nxm prune: warning: " + text) && warning.contains("1536"), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(2, j.get("calibration_sentences").asInt());
        assertEquals(text.toString(), j.get("calibration_source").asText());
        assertEquals("2", SafetensorsFile.open(out).metadata().get("nxm.calibration_sentences"));
    }

    @Test
    void badInputIsOneLineExitTwoAndNoOutputFile(@TempDir Path dir) throws Exception {
        Path emptyText = Files.writeString(dir.resolve("empty.txt"), "");
        Path binary = Files.write(dir.resolve("model.bin"), new byte[] {0x08, 0x01, 0x12, 0x00, (byte) 0xff, 0x10});
        Path out = dir.resolve("w.safetensors");
        Path emptyDir = dir.resolve("empty");
        Files.createDirectories(emptyDir.resolve("glue/sts-b"));
        Files.writeString(emptyDir.resolve("glue/sts-b/train.tsv"), "");
        Path badDir = dir.resolve("bad");
        Files.createDirectories(badDir.resolve("glue/sts-b"));
        Files.writeString(badDir.resolve("glue/sts-b/train.tsv"),
                Files.readAllLines(DataDir.file(null, "glue/sts-b/train.tsv")).get(0) + "\n1\tonly\tfour\tfields\n");
        String[][] cases = {
            {"prune", "--model", "gpt-17", "--method", "admm", "--out", out.toString()},
            {"prune", "--model", "bert-base", "--method", "admm", "--out", out.toString()},
            {"prune", "--method", "obs-magic", "--out", out.toString()},
            {"prune", "--method", "admm", "--pattern", "3:5", "--out", out.toString()},
            {"prune", "--method", "admm", "--pattern", "2:x", "--out", out.toString()},
            {"prune", "--method", "admm", "--data-dir", emptyDir.toString(), "--out", out.toString()},
            {"prune", "--method", "sparsegpt", "--data-dir", badDir.toString(), "--out", out.toString()},
            {"prune", "--method", "wanda", "--calib", "0", "--data-dir", data.toString(), "--out", out.toString()},
            {"prune", "--method", "admm", "--calib-data", emptyText.toString(), "--out", out.toString()},
            {"prune", "--method", "admm", "--calib-data", binary.toString(), "--out", out.toString()},
            {"eval", "--weights", dir.resolve("missing.safetensors").toString()},
            {"eval", "--task", "all", "--data", "x.tsv"},
        };
        for (String[] c : cases) {
            CliRun r = run(c);
            assertEquals(2, r.code(), String.join(" ", c) + " -> " + r.err());
            String first = r.err().strip().split("\n")[0];
            assertTrue(first.startsWith("nxm "), first);
            assertFalse(r.err().contains("\tat "), "stack trace for " + String.join(" ", c) + ": " + r.err());
            assertFalse(Files.exists(out), "output written for " + String.join(" ", c));
            try (var s = Files.list(dir)) {
                assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temp file left");
            }
        }
    }
}
