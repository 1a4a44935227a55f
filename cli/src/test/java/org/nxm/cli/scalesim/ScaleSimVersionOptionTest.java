package org.nxm.cli.scalesim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.cli.CliRun;

/**
 * {@code --scalesim-version}: a USER-bandwidth case with a 1 KB OFMAP SRAM where SCALE-Sim's repository
 * (22f88b1, after d78b477) reports 3,747 total / 1,480 stall cycles and the v2.0.2 release 3,744 / 1,477 (both
 * from running SCALE-Sim itself; simulator/src/test/resources/scalesim-versions/ws_8x8_user_bw2_ofmap1k).
 */
class ScaleSimVersionOptionTest {
    @TempDir Path tmp;

    private static final String CONFIG = """
            [general]
            run_name = c1

            [architecture_presets]
            ArrayHeight:    8
            ArrayWidth:     8
            IfmapSramSzkB:   4
            FilterSramSzkB:  4
            OfmapSramSzkB:   1
            IfmapOffset:    0
            FilterOffset:   10000000
            OfmapOffset:    20000000
            Bandwidth : 2
            Dataflow : ws
            MemoryBanks:   1

            [run_presets]
            InterfaceBandwidth: USER
            """;

    private JsonNode run(String... version) throws Exception {
        Path cfg = Files.writeString(tmp.resolve("c.cfg"), CONFIG);
        Path topo = Files.writeString(tmp.resolve("t.csv"), "Layer,M,N,K,\ng0,20,65,46,\n");
        String[] base = {"scalesim", "-c", cfg.toString(), "-t", topo.toString(), "-p", tmp.resolve("out").toString(), "--json"};
        String[] args = new String[base.length + version.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(version, 0, args, base.length, version.length);
        CliRun r = CliRun.of(args);
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void defaultFollowsTheRepositoryAndTheReleaseIsAnOption() throws Exception {
        JsonNode upstream = run();
        assertEquals("upstream", upstream.get("scalesim_version").asText());
        assertEquals(3747, upstream.get("total_cycles").asLong());
        assertEquals(1480, upstream.get("stall_cycles").asLong());
        JsonNode release = run("--scalesim-version", "2.0.2");
        assertEquals("2.0.2", release.get("scalesim_version").asText());
        assertEquals(3744, release.get("total_cycles").asLong());
        assertEquals(1477, release.get("stall_cycles").asLong());
    }

    @Test
    void anUnknownVersionIsAUsageError() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("c.cfg"), CONFIG);
        Path topo = Files.writeString(tmp.resolve("t.csv"), "Layer,M,N,K,\ng0,20,65,46,\n");
        CliRun r = CliRun.of("scalesim", "-c", cfg.toString(), "-t", topo.toString(), "--scalesim-version", "3.0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--scalesim-version"), r.err());
    }
}
