package org.nxm.compiler.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nxm.model.io.InputException;

class KernelCostsTest {

    @Test
    void absentSectionMeansNoneAndKeepsTheDigest() {
        HardwareConfig a = HardwareConfig.preset("a100");
        assertTrue(a.kernel().isNone());
        assertFalse(a.toYaml().contains("kernel:"), "a config without fixed costs writes no section");
    }

    @Test
    void h200IsH100ComputeAtTheMeasuredClockWithItsMemory() {
        HardwareConfig h = HardwareConfig.preset("h200");
        HardwareConfig h100 = HardwareConfig.preset("h100");
        assertEquals(1.98e9, h.clockHz());
        assertEquals(h100.cores(), h.cores());
        assertEquals(h100.denseMacsPerCyclePerCore(), h.denseMacsPerCyclePerCore());
        assertEquals(4.8e12 / 1.98e9, h.dramBytesPerCycle(), 1e-9);
        assertEquals(62_914_560, h.l2CapacityBytes());
        assertEquals(5940, h.kernel().launchCycles());
        assertEquals(5940, h.kernel().perKernel(3));
        assertNotEquals(h100.digest(), h.digest());
    }

    @Test
    void perKernelAddsWaveHandOversAfterTheFirst() {
        KernelCosts k = new KernelCosts(100, 20, 10, 5);
        assertEquals(130, k.perKernel(1));
        assertEquals(145, k.perKernel(4));
        assertEquals(130, k.perKernel(0));
    }

    @Test
    void sectionRoundTripsAndIsInTheDigest() {
        String y = HardwareConfig.preset("a100").toYaml() + "kernel:\n  launch_cycles: 4000\n  prologue_cycles: 300\n"
                + "  epilogue_cycles: 200\n  wave_sync_cycles: 50\n";
        HardwareConfig h = HardwareConfig.parse(y, "k.yaml");
        assertEquals(new KernelCosts(4000, 300, 200, 50), h.kernel());
        assertEquals(h, HardwareConfig.parse(h.toYaml(), "again"));
        assertNotEquals(HardwareConfig.preset("a100").digest(), h.digest(), "fixed costs change timing");
    }

    @Test
    void badEntriesAreOneLineNamingTheField() {
        String base = HardwareConfig.preset("a100").toYaml();
        String neg = assertThrows(InputException.class, () -> HardwareConfig.parse(base + "kernel:\n  launch_cycles: -1\n"
                + "  prologue_cycles: 0\n  epilogue_cycles: 0\n  wave_sync_cycles: 0\n", "k.yaml")).getMessage();
        assertTrue(neg.startsWith("k.yaml") && neg.contains("launch_cycles"), neg);
        String unknown = assertThrows(InputException.class, () -> HardwareConfig.parse(base + "kernel:\n  launch_cycles: 1\n"
                + "  prologue_cycles: 0\n  epilogue_cycles: 0\n  wave_sync_cycles: 0\n  lunch: 3\n", "k.yaml")).getMessage();
        assertTrue(unknown.contains("lunch"), unknown);
        assertFalse(neg.contains("\n") || unknown.contains("\n"));
    }
}
