package org.nxm.compiler.hardware;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import java.util.List;
import org.nxm.model.io.InputException;
import org.nxm.model.sparsity.NmPattern;

class HardwareConfigTest {
    static final List<String> PRESETS = HardwareConfig.PRESETS;

    @ParameterizedTest
    @FieldSource("PRESETS")
    void everyPresetRoundTripsThroughYaml(String name) {
        HardwareConfig h = HardwareConfig.preset(name);
        assertEquals(name, h.name());
        HardwareConfig back = HardwareConfig.parse(h.toYaml(), "round trip");
        assertEquals(h, back);
        assertEquals(h.digest(), back.digest());
    }

    @Test
    void a100PeaksMatchThePublishedFigures() {
        HardwareConfig a = HardwareConfig.preset("a100");
        assertEquals(1024, a.denseMacsPerCyclePerCore());
        assertEquals(312e12, a.peakDenseFlops(), 1e12);
        assertEquals(624e12, a.peakSparseFlops(NmPattern.TWO_FOUR), 2e12);
        assertEquals(32, a.mmaK(NmPattern.TWO_FOUR));
        assertEquals(16, a.mmaK(null));
        assertEquals(1.555e12 / 1.41e9, a.dramBytesPerCycle(), 1e-6);
        assertTrue(a.supports(NmPattern.TWO_FOUR));
        assertFalse(a.supports(new NmPattern(1, 4)));
    }

    @Test
    void h100PeakMatchesThePublishedFigure() {
        assertEquals(989e12, HardwareConfig.preset("h100").peakDenseFlops(), 2e12);
    }

    @Test
    void systolicPresetsDeriveTheirArray() {
        HardwareConfig s = HardwareConfig.preset("systolic-32x32-os");
        assertEquals(Template.SYSTOLIC, s.template());
        assertEquals(1024, s.denseMacsPerCyclePerCore());
        assertEquals(Dataflow.OS, s.systolic().dataflow());
        assertEquals(Double.POSITIVE_INFINITY, s.dramBytesPerCycle());
    }

    private static String a100With(String from, String to) {
        String y = HardwareConfig.preset("a100").toYaml();
        assertTrue(y.contains(from), from);
        return y.replace(from, to);
    }

    private static String error(String yaml) {
        return assertThrows(InputException.class, () -> HardwareConfig.parse(yaml, "my.yaml")).getMessage();
    }

    @Test
    void badFieldsAreRefusedNamingTheField() {
        assertEquals("my.yaml: field 'cores': must be >= 1 (got 0)", error(a100With("cores: 108", "cores: 0")));
        String m = error(a100With("bytes_per_cycle: 1102", "bytes_per_cycle: -1102"));
        assertTrue(m.startsWith("my.yaml: field 'dram.bytes_per_cycle'"), m);
        m = error(a100With("  k: 16", "  k: 15"));
        assertTrue(m.contains("sparse_patterns") && m.contains("mma.k"), m);
        m = error(a100With("banks: 32", "banks: 32\n  colour: red"));
        assertEquals("my.yaml: unknown field 'shared.colour'", m);
        m = error(a100With("dtype: fp16", "dtype: fp8"));
        assertTrue(m.contains("'dtype'") && m.contains("fp8"), m);
        // a storage type that is no compute type (the one DType enum holds both)
        assertEquals("my.yaml: field 'dtype': unknown element type 'float64' (expected fp16, bf16, int8 or fp32)",
                error(a100With("dtype: fp16", "dtype: float64")));
        m = error(a100With("capacity_bytes: 167936", "capacity_bytes: 100"));
        assertTrue(m.contains("shared.capacity_bytes"), m);
        m = error("name: x\n");
        assertTrue(m.startsWith("my.yaml: field '"), m);
        assertFalse(m.contains("\n"));
        m = error("[1, 2]");
        assertTrue(m.contains("mapping"), m);
    }

    @Test
    void unknownPresetListsTheKnownOnes() {
        String m = assertThrows(InputException.class, () -> HardwareConfig.preset("b200")).getMessage();
        assertTrue(m.contains("b200") && m.contains("a100"), m);
    }

    @Test
    void bytesPerSecondIsConvertedAtTheClock() {
        String y = a100With("bytes_per_cycle: 1102.836879432624", "bytes_per_second: 1.41e12");
        assertEquals(1000.0, HardwareConfig.parse(y, "x").dram().bytesPerCycle(), 1e-9);
    }
}
