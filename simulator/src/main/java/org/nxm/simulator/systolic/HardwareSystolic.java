package org.nxm.simulator.systolic;

import org.nxm.compiler.hardware.Dataflow;

import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.hardware.Template;
import org.nxm.model.io.InputException;

/**
 * Drives the systolic template from nxm's own {@link HardwareConfig} (template {@code systolic}):
 * the same array as a SCALE-Sim {@code .cfg}. A word is one {@code dtype} element, so an SRAM of
 * S KiB holds S·1024/bytes(dtype) words (SCALE-Sim's own cases are int8, one byte a word).
 */
public final class HardwareSystolic {
    private HardwareSystolic() {}

    public static SystolicConfig config(HardwareConfig hw) {
        if (hw.template() != Template.SYSTOLIC || hw.systolic() == null)
            throw new InputException("hardware '" + hw.name() + "': template is " + hw.template()
                    + ", expected systolic for nxm scalesim");
        HardwareConfig.Systolic s = hw.systolic();
        int bytes = hw.dtype().bytes();
        Dataflow df = s.dataflow();
        int bw = 0;
        if (s.interfaceBandwidth() == HardwareConfig.InterfaceBandwidth.USER) {
            double w = s.dramWordsPerCycle();
            if (w != Math.rint(w) || w < 1)
                throw new InputException("hardware '" + hw.name() + "': field 'systolic.dram_words_per_cycle': "
                        + "expected a whole number of words per cycle for the SCALE-Sim model, got " + w);
            bw = (int) w;
        }
        return new SystolicConfig(hw.name(), s.rows(), s.cols(), kib(hw, "ifmap", s.ifmapSramKb(), bytes),
                kib(hw, "filter", s.filterSramKb(), bytes), kib(hw, "ofmap", s.ofmapSramKb(), bytes),
                0, 10_000_000, 20_000_000, df, bw);
    }

    /** KiB of one-word-per-byte SRAM holding the same number of dtype elements. */
    private static int kib(HardwareConfig hw, String which, long kb, int bytes) {
        if (kb % bytes != 0)
            throw new InputException("hardware '" + hw.name() + "': field 'systolic." + which + "_sram_kb': "
                    + kb + " KiB is not a whole number of KiB of " + hw.dtype().shortName() + " words");
        return Math.toIntExact(kb / bytes);
    }
}
