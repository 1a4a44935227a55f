package org.nxm.simulator.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.model.io.InputException;
import org.nxm.model.sparsity.NmPattern;

class HardwareVariantsTest {
    @Test
    void overridesNestedFieldsAndKeepsTheRest() {
        HardwareConfig base = HardwareConfig.preset("edge-4");
        HardwareVariants v = new HardwareVariants(base);
        assertTrue(v.parameters().contains("cores"));
        assertTrue(v.parameters().contains("shared.capacity_bytes"));
        assertTrue(v.parameters().contains("mma.k"));
        Map<String, String> o = new LinkedHashMap<>();
        o.put("cores", "16");
        o.put("dram.bytes_per_cycle", "64");
        o.put("sparse_patterns", "2:4");
        HardwareConfig h = v.with(o, "grid.yaml");
        assertEquals(16, h.cores());
        assertEquals(64.0, h.dramBytesPerCycle(), 1e-9);
        assertEquals(java.util.List.of(NmPattern.TWO_FOUR), h.sparsePatterns());
        assertEquals(base.mma(), h.mma());
        assertEquals(base.shared(), h.shared());
        assertEquals("edge-4-cores16-bytes_per_cycle64-sparse_patterns2:4", h.name());
        assertEquals(base.toYaml(), v.with(Map.of(), "g").toYaml());
        HardwareConfig perSecond = v.with(Map.of("dram.bytes_per_second", "51.2e9"), "g");
        assertEquals(51.2e9 / base.clockHz(), perSecond.dramBytesPerCycle(), 1e-9);
    }

    @Test
    void invalidValuesFailWithTheField() {
        HardwareVariants v = new HardwareVariants(HardwareConfig.preset("edge-4"));
        InputException e = assertThrows(InputException.class, () -> v.with(Map.of("cores", "0"), "grid.yaml"));
        assertTrue(e.getMessage().contains("grid.yaml") && e.getMessage().contains("cores"), e.getMessage());
        assertThrows(InputException.class, () -> v.with(Map.of("cores.x", "1"), "grid.yaml"));
    }
}
