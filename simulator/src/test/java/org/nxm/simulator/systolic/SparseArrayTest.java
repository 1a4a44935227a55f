package org.nxm.simulator.systolic;

import org.nxm.compiler.hardware.Dataflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nxm.model.sparsity.NmPattern;

/** N:M on the systolic template: K compresses by m/n, metadata is accounted, never faster than m/n allows. */
class SparseArrayTest {
    private static final NmPattern P24 = NmPattern.TWO_FOUR;

    @Test
    void weightStationaryTwoFourApproachesHalfForLongK() {
        SystolicConfig cfg = SystolicConfig.of(32, 32, Dataflow.WS, 256, 256, 128, 0);
        double previous = 1;
        for (int k : List.of(64, 256, 1024, 4096, 16384)) {
            long dense = new SystolicEngine().run(cfg, Layer.gemm("d", 64, 64, k)).totalCycles() + 1;
            long sparse = new SystolicEngine().run(cfg, Layer.gemm("s", 64, 64, k, P24)).totalCycles() + 1;
            double ratio = (double) sparse / dense;
            assertTrue(ratio >= 0.5, "never below half: K=" + k + " ratio " + ratio);
            assertTrue(ratio <= previous + 1e-12, "ratio shrinks as K grows: K=" + k + " ratio " + ratio);
            previous = ratio;
        }
        assertTrue(previous < 0.5 + 1e-2, "K >> R: within 1% of half, got " + previous);
    }

    @Test
    void outputStationaryTwoFourApproachesHalfToo() {
        SystolicConfig cfg = SystolicConfig.of(16, 16, Dataflow.OS, 256, 256, 128, 0);
        long dense = new SystolicEngine().run(cfg, Layer.gemm("d", 64, 64, 8192)).nativeCycles();
        long sparse = new SystolicEngine().run(cfg, Layer.gemm("s", 64, 64, 8192, P24)).nativeCycles();
        double ratio = (double) sparse / dense;
        assertTrue(ratio >= 0.5 && ratio < 0.503, "ratio " + ratio);
    }

    @Test
    void metadataIsCountedPerKeptValue() {
        SystolicConfig cfg = SystolicConfig.of(16, 8, Dataflow.WS, 64, 64, 64, 0);
        LayerResult r = new SystolicEngine().run(cfg, Layer.gemm("s", 100, 70, 400, P24));
        // 400/4*2 = 200 kept values per column, 70 columns, 2 index bits each
        assertEquals(200L * 70 * 2, r.sparsity().metadataBits());
        assertEquals(r.filterSram().words() * 2, r.sparsity().metadataSramReadBits());
        assertEquals(r.filterDram().words() * 2, r.sparsity().metadataDramReadBits());
        assertEquals("2:4", r.sparsity().pattern());
        assertEquals(400, r.k());
        // IFMAP words are the dense K's: the m-wide activation groups are all read
        LayerResult dense = new SystolicEngine().run(cfg, Layer.gemm("d", 100, 70, 400));
        assertEquals(dense.ifmapSram().words(), r.ifmapSram().words());
        String header = ScaleSimReports.detailed(List.of(dense, r)).lines().findFirst().orElseThrow();
        assertTrue(header.endsWith("Metadata Bits, SRAM Metadata Read Bits, DRAM Metadata Read Bits,"), header);
        assertTrue(ScaleSimReports.bandwidth(List.of(r)).contains("Avg METADATA SRAM BW"));
    }

    @Test
    void sparseRunEqualsTheCompressedDenseGemm() {
        for (Dataflow df : Dataflow.values()) {
            SystolicConfig cfg = SystolicConfig.of(8, 8, df, 2, 2, 2, 10);
            LayerResult s = new SystolicEngine().run(cfg, Layer.gemm("s", 40, 24, 64, new NmPattern(1, 4)));
            LayerResult c = new ReferenceEngine().run(cfg, Layer.gemm("c", 40, 24, 16));
            assertEquals(c.totalCycles(), s.totalCycles(), df.name());
            assertEquals(c.stallCycles(), s.stallCycles(), df.name());
            assertEquals(c.filterDram(), s.filterDram(), df.name());
        }
    }
}
