package org.nxm.simulator.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nxm.compiler.hardware.HardwareConfig;

class CostProxyTest {
    @Test
    void areaGrowsWithCoresAndSram() {
        HardwareVariants v = new HardwareVariants(HardwareConfig.preset("edge-4"));
        double a4 = CostProxy.areaMm2(v.base());
        double a16 = CostProxy.areaMm2(v.with(Map.of("cores", "16"), "t"));
        double dense = CostProxy.areaMm2(v.with(Map.of("sparse_patterns", "none"), "t"));
        double moreSram = CostProxy.areaMm2(v.with(Map.of("shared.capacity_bytes", "262144"), "t"));
        assertEquals(4 * a4, a16, 1e-9 * a16, "no L2 on edge-4: area scales with cores");
        assertTrue(dense < a4, "sparse support costs lane area");
        assertTrue(moreSram > a4);
        // edge-4 by hand: 4 cores x 256 fp16 lanes x 0.003 x 1.12 + 4 x (128+64) KiB x 0.006
        HardwareConfig e = v.base();
        double lanes = e.cores() * e.denseMacsPerCyclePerCore();
        double expected = lanes * 0.003 * 1.12 + e.cores() * (e.shared().capacityBytes() + e.operandBufferBytes()) / 1024.0 * 0.006;
        assertEquals(expected, a4, 1e-12);
    }

    @Test
    void energyCountsDramMost() {
        HardwareConfig h = HardwareConfig.preset("edge-4");
        assertEquals(1.5e-12 * 1000 + 160e-12 * 10, CostProxy.energyJoules(h, 1000, 0, 0, 10), 1e-18);
    }
}
