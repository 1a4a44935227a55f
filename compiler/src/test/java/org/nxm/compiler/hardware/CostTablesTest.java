package org.nxm.compiler.hardware;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nxm.model.io.InputException;
import org.nxm.model.numeric.DType;

/** The energy and area sections of the hardware YAML: defaults, overrides, and one-line errors naming the key. */
class CostTablesTest {
    private static String a100() { return HardwareConfig.preset("a100").toYaml(); }

    @Test
    void presetsCarryTheirOwnTablesAndAbsentSectionsGetTheReference() {
        HardwareConfig a = HardwareConfig.preset("a100");
        assertEquals(0.40, a.energy().denseMacPj());
        assertEquals(1.1852, a.area().dieCoresRatio());
        String bare = a100().replaceAll("(?s)energy:.*", "");
        HardwareConfig b = HardwareConfig.parse(bare, "bare.yaml");
        assertEquals(EnergyTable.reference(DType.F16), b.energy());
        assertEquals(AreaTable.reference(DType.F16), b.area());
    }

    @Test
    void aUserOverridesAnEntryAndTheDigestIgnoresCostTables() {
        HardwareConfig a = HardwareConfig.preset("a100");
        HardwareConfig b = HardwareConfig.parse(a100().replace("dram_pj_per_byte: 31.2", "dram_pj_per_byte: 20.0"), "my.yaml");
        assertEquals(20.0, b.energy().dramPjPerByte());
        assertNotEquals(a, b);
        // A program compiled for a100 still simulates under other cost tables.
        assertEquals(a.digest(), b.digest());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dense_mac_pj", "sparse_mac_pj", "register_pj_per_byte", "shared_read_pj_per_byte",
            "shared_write_pj_per_byte", "l2_pj_per_byte", "dram_pj_per_byte"})
    void negativeOrMissingEnergyEntryNamesTheKey(String key) {
        String yaml = a100();
        String negative = yaml.replaceAll("(?m)^(  " + key + "): .*$", "$1: -1.0");
        InputException e = assertThrows(InputException.class, () -> HardwareConfig.parse(negative, "my.yaml"));
        assertEquals("my.yaml: field 'energy." + key + "': must be >= 0 (got -1.0)", e.getMessage());
        String missing = yaml.replaceAll("(?m)^  " + key + ": .*\\n", "");
        e = assertThrows(InputException.class, () -> HardwareConfig.parse(missing, "my.yaml"));
        assertEquals("my.yaml: field 'energy." + key + "': missing (required)", e.getMessage());
    }

    @Test
    void staticPowerAndAreaErrorsNameTheKey() {
        String yaml = a100();
        InputException e = assertThrows(InputException.class,
                () -> HardwareConfig.parse(yaml.replace("    uncore: 20.0", "    uncore: -3"), "my.yaml"));
        assertTrue(e.getMessage().startsWith("my.yaml: field 'energy.static_w.uncore': must be >= 0"), e.getMessage());
        e = assertThrows(InputException.class,
                () -> HardwareConfig.parse(yaml.replaceAll("(?m)^  l2_mm2_per_kb: .*\\n", ""), "my.yaml"));
        assertEquals("my.yaml: field 'area.l2_mm2_per_kb': missing (required)", e.getMessage());
        e = assertThrows(InputException.class,
                () -> HardwareConfig.parse(yaml.replaceAll("die_cores_ratio: .*", "die_cores_ratio: 0.5"), "my.yaml"));
        assertEquals("my.yaml: field 'area.die_cores_ratio': must be a number >= 1 (got 0.5)", e.getMessage());
        e = assertThrows(InputException.class,
                () -> HardwareConfig.parse(yaml.replace("  dense_mac_pj:", "  dense_mac_pjj: 1\n  dense_mac_pj:"), "my.yaml"));
        assertEquals("my.yaml: unknown field 'energy.dense_mac_pjj'", e.getMessage());
    }
}
