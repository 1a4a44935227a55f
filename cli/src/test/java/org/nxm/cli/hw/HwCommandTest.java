package org.nxm.cli.hw;

import org.nxm.cli.CliRun;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import org.nxm.compiler.hardware.HardwareConfig;

class HwCommandTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void showPrintsYamlThatParsesBackToThePreset() {
        CliRun r = run("hw", "show", "a100");
        assertEquals(0, r.code(), r.err());
        assertEquals(HardwareConfig.preset("a100"), HardwareConfig.parse(r.out(), "stdout"));
    }

    @Test
    void listNamesEveryPreset() {
        CliRun r = run("hw", "list");
        assertEquals(0, r.code(), r.err());
        for (String p : HardwareConfig.PRESETS) assertTrue(r.out().contains(p), p);
        assertTrue(r.out().contains("311.9"), r.out());
    }

    @Test
    void unknownPresetIsOneLineAndExit2() {
        CliRun r = run("hw", "show", "b200");
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("b200"));
    }
}
