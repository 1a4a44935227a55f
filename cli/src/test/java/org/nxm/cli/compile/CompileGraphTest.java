package org.nxm.cli.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.cli.CliRun;

/** {@code nxm compile --stats} reports the critical path; {@code --graph} writes the tile graph as DOT. */
class CompileGraphTest {
    @TempDir Path dir;

    @Test
    void statsCarryTheCriticalPathAndGraphWritesDot() throws Exception {
        Path dot = dir.resolve("g.dot");
        CliRun r = CliRun.of("compile", "--gemm", "96,40,128", "--hw", "edge-4", "--pattern", "2:4", "--stats", "--graph", dot.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("critical path:"), r.out());
        String text = Files.readString(dot);
        assertTrue(text.startsWith("// ") && text.contains("digraph program {") && text.contains("color=red"), text);
        assertTrue(text.contains("implied dependencies left out"), text.lines().findFirst().orElse(""));
        CliRun json = CliRun.of("compile", "--gemm", "96,40,128", "--hw", "edge-4", "--stats", "--json");
        assertEquals(0, json.code(), json.err());
        long critical = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out()).get("critical_path_cycles").asLong();
        assertTrue(critical > 0, json.out());
    }
}
