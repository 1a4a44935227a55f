package org.nxm.cli.run;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.cli.Nxm;
import picocli.CommandLine;

class RunCommandTest {
    @TempDir Path dir;

    private int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = Nxm.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    /** The whole chain on the real model (magnitude pruning and a short sequence keep it quick). */
    @Test
    void wholeChainOnRealMiniLm() throws Exception {
        Path outDir = dir.resolve("run");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int rc = run(out, err, "run", "--method", "magnitude", "--no-eval", "--seq", "32", "--functional-sentences", "2",
                "--out", outDir.toString());
        assertEquals(0, rc, err.toString());
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
        assertTrue(out.toString().contains("Functional check"), out.toString());
        assertTrue(out.toString().contains(outDir.toString()));
        assertFalse(Files.exists(dir.resolve(".run.partial")));

        // The trace summary of the sparse run agrees with the report (same simulator run).
        StringWriter tout = new StringWriter(), terr = new StringWriter();
        assertEquals(0, run(tout, terr, "trace", "summary", outDir.resolve("sparse.nxmt").toString(), "--json"), terr.toString());
        JsonNode t = new ObjectMapper().readTree(tout.toString());
        assertEquals(j.get("cycles").asLong(), t.get("cycles").asLong());
        assertEquals(j.get("sparse").get("dram_bytes").asLong(), t.get("dram_bytes").asLong());
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
            String[] full = java.util.Arrays.copyOf(args, args.length + 2);
            full[args.length] = "--out";
            full[args.length + 1] = outDir.toString();
            StringWriter out = new StringWriter(), err = new StringWriter();
            assertEquals(2, run(out, err, full), String.join(" ", args) + ": " + err);
            assertEquals(1, err.toString().strip().lines().count(), err.toString());
            assertFalse(Files.exists(outDir));
        }
    }
}
