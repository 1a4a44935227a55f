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
    void sustainedRateIsAFloorOnExecutedMacsAndOptionalInYaml() {
        KernelCosts k = new KernelCosts(0, 0, 0, 0, 0.5);
        assertEquals(200, k.sustainedCycles(100, 1000, 10), "1000 MACs at half of 10 per cycle");
        assertEquals(300, k.sustainedCycles(300, 1000, 10), "a slower schedule is not changed");
        assertEquals(100, KernelCosts.NONE.sustainedCycles(100, 1000, 10));
        assertEquals(1.0, HardwareConfig.preset("h100").kernel().sustainedMmaFraction());
        assertEquals(0.680, HardwareConfig.preset("h200").kernel().sustainedMmaFraction());
        String costs = HardwareConfig.preset("a100").toYaml() + "kernel:\n  launch_cycles: 0\n  prologue_cycles: 0\n"
                + "  epilogue_cycles: 0\n  wave_sync_cycles: 0\n";
        HardwareConfig h = HardwareConfig.parse(costs + "  sustained_mma_fraction: 0.7\n", "k.yaml");
        assertEquals(0.7, h.kernel().sustainedMmaFraction());
        assertEquals(h, HardwareConfig.parse(h.toYaml(), "again"));
        assertNotEquals(HardwareConfig.parse(costs, "k.yaml").digest(), h.digest(), "the rate changes timing");
        assertFalse(HardwareConfig.parse(costs, "k.yaml").toYaml().contains("sustained"), "1 (no limit) is not written");
        for (String bad : new String[] {"0", "1.5", "-0.2", "fast"}) {
            String msg = assertThrows(InputException.class,
                    () -> HardwareConfig.parse(costs + "  sustained_mma_fraction: " + bad + "\n", "k.yaml")).getMessage();
            assertTrue(msg.startsWith("k.yaml") && msg.contains("sustained_mma_fraction") && !msg.contains("\n"), msg);
        }
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
