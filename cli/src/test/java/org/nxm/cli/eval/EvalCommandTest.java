package org.nxm.cli.eval;

import org.nxm.cli.CliRun;
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

import org.nxm.model.data.DataDir;

class EvalCommandTest {
    @TempDir Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** The header and 120 real STS-B dev pairs spread over the file (every genre), to keep the test fast. */
    Path stsbSample() throws Exception {
        List<String> lines = Files.readAllLines(DataDir.file(null, "glue/sts-b/dev.tsv"), StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(lines.get(0)).append('\n');
        for (int i = 1; i < lines.size(); i += 12) sb.append(lines.get(i)).append('\n');
        Path p = dir.resolve("stsb-sample.tsv");
        Files.writeString(p, sb.toString(), StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void stsbJsonCarriesSpearmanInPoints() throws Exception {
        CliRun r = run("eval", "--task", "stsb", "--data", stsbSample().toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        double rho = j.get("stsb_spearman").asDouble();
        assertTrue(rho > 70 && rho <= 100, "Spearman in points x100: " + rho);
    }

    @Test
    void stsbHumanOutput() throws Exception {
        CliRun r = run("eval", "--task", "stsb", "--data", stsbSample().toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().toLowerCase(java.util.Locale.ROOT).contains("spearman"), r.out());
    }

    @Test
    void wrongFieldCountIsOneLineExit2() throws Exception {
        Path p = dir.resolve("bad.tsv");
        List<String> lines = Files.readAllLines(DataDir.file(null, "glue/sts-b/dev.tsv"), StandardCharsets.UTF_8);
        Files.writeString(p, lines.get(0) + "\n" + lines.get(1) + "\n" + "0\tmain-captions\tMSRvid\ttoo few\n", StandardCharsets.UTF_8);
        CliRun r = run("eval", "--task", "stsb", "--data", p.toString(), "--json");
        assertEquals(2, r.code());
        assertEquals("nxm eval: " + p + ":3: expected 10 tab-separated fields, found 4", r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void missingDataDirSaysHowToPassIt() {
        Path p = dir.resolve("no-such-dir");
        CliRun r = run("eval", "--task", "stsb", "--data-dir", p.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("does not exist"), r.err());
    }

    @Test
    void unknownTaskIsUsageError() {
        CliRun r = run("eval", "--task", "imagenet");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("stsb"), r.err());
    }
}
