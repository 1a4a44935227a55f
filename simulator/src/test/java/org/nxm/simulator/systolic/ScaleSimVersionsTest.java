package org.nxm.simulator.systolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two SCALE-Sim versions' stall accounting against SCALE-Sim's own COMPUTE_REPORT.csv for each (see
 * src/test/resources/scalesim-versions/README.md): the current repository (nxm's default) and the v2.0.2 release.
 * Both engines must reproduce each version's report byte for byte, and the versions must differ on these cases.
 */
class ScaleSimVersionsTest {
    @ParameterizedTest
    @ValueSource(strings = {"is_4x4_user_bw2_ofmap1k", "ws_8x8_user_bw2_ofmap1k", "is_4x4_user_bw2_k69"})
    void eachVersionMatchesItsOwnReport(String name) throws Exception {
        Path dir = Path.of(ScaleSimVersionsTest.class.getResource("/scalesim-versions/" + name).toURI());
        SystolicConfig cfg = ScaleSimConfigReader.read(dir.resolve("config.cfg"));
        List<Layer> layers = TopologyReader.read(dir.resolve("topology.csv"), true);
        String upstream = Files.readString(dir.resolve("COMPUTE_REPORT.upstream.csv"));
        String release = Files.readString(dir.resolve("COMPUTE_REPORT.2.0.2.csv"));
        assertNotEquals(upstream, release, name + " does not tell the versions apart");
        assertEquals(upstream, report(cfg, layers, ScaleSimVariant.HEAD_2025, false));
        assertEquals(upstream, report(cfg, layers, ScaleSimVariant.HEAD_2025, true));
        assertEquals(release, report(cfg, layers, ScaleSimVariant.V2_0_2, false));
        assertEquals(release, report(cfg, layers, ScaleSimVariant.V2_0_2, true));
        assertEquals(ScaleSimVariant.HEAD_2025, ScaleSimVariant.ofCliName("upstream"));
        assertEquals(ScaleSimVariant.V2_0_2, ScaleSimVariant.ofCliName("2.0.2"));
    }

    private static String report(SystolicConfig cfg, List<Layer> layers, ScaleSimVariant v, boolean reference) {
        return ScaleSimReports.compute(layers.stream()
                .map(l -> reference ? new ReferenceEngine(v).run(cfg, l) : new SystolicEngine(v).run(cfg, l)).toList());
    }
}
