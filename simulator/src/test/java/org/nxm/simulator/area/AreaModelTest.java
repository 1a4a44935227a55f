package org.nxm.simulator.area;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nxm.compiler.hardware.HardwareConfig;

class AreaModelTest {
    private static AreaReport area(String preset) { return AreaModel.of(HardwareConfig.preset(preset)); }

    @Test
    void a100AndH100LandWithinAQuarterOfTheirPublishedDieAreas() {
        // GA100: 826 mm² (TSMC N7, 128 SMs on the die, 108 enabled); GH100: 814 mm² (TSMC 4N, 144 SMs, 132 enabled).
        AreaReport a = area("a100"), h = area("h100");
        System.out.printf("a100 %.0f mm² %s%nh100 %.0f mm² %s%n", a.totalMm2(), a.byComponentMm2(), h.totalMm2(), h.byComponentMm2());
        assertEquals(826, a.totalMm2(), 0.25 * 826);
        assertEquals(814, h.totalMm2(), 0.25 * 814);
    }

    @Test
    void componentsAreCountsTimesTheTable() {
        HardwareConfig e = HardwareConfig.preset("edge-4");
        AreaReport r = AreaModel.of(e);
        assertEquals(AreaModel.COMPONENTS, r.byComponentMm2().keySet().stream().toList());
        // 4 cores x 1 tensor core; 64 KiB operand buffer and 128 KiB shared buffer per core; 2 DRAM channels.
        assertEquals(4 * 0.42, r.byComponentMm2().get("tensor_cores"), 1e-12);
        assertEquals(4 * 0.063, r.byComponentMm2().get("sparse_support"), 1e-12);
        assertEquals(4 * 64 * 0.005, r.byComponentMm2().get("operand_buffers"), 1e-12);
        assertEquals(4 * 128 * 0.004, r.byComponentMm2().get("shared_buffers"), 1e-12);
        assertEquals(0, r.byComponentMm2().get("l2"));
        assertEquals(2 * 2.0, r.byComponentMm2().get("dram_phy"), 1e-12);
        double sum = r.byComponentMm2().values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(sum, r.totalMm2(), 1e-12);
        // A dense-only variant drops exactly the sparse support.
        HardwareConfig dense = HardwareConfig.parse(e.toYaml().replaceAll("(?m)^sparse_patterns:.*(\\n- .*)*", "sparse_patterns: []"), "dense");
        assertEquals(r.totalMm2() - 4 * 0.063, AreaModel.of(dense).totalMm2(), 1e-12);
        // A systolic array: rows x cols PEs and its three SRAMs.
        AreaReport s = area("systolic-32x32-os");
        assertEquals(32 * 32 * 0.0003, s.byComponentMm2().get("tensor_cores"), 1e-12);
        assertEquals((256 + 256 + 128) * 0.0045, s.byComponentMm2().get("shared_buffers"), 1e-12);
    }
}
