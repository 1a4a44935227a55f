package org.nxm.simulator.systolic;

import org.nxm.compiler.hardware.Dataflow;

/**
 * A systolic array and its memories, as SCALE-Sim's {@code .cfg} describes them.
 *
 * @param runName          SCALE-Sim's run name (the report folder name there)
 * @param rows             PE rows (ArrayHeight)
 * @param cols             PE columns (ArrayWidth)
 * @param ifmapSramKb      IFMAP SRAM size in kB (1 word = 1 byte), double-buffered
 * @param filterSramKb     FILTER SRAM size in kB
 * @param ofmapSramKb      OFMAP SRAM size in kB
 * @param ifmapOffset      base address of the IFMAP operand (traces only)
 * @param filterOffset     base address of the FILTER operand
 * @param ofmapOffset      base address of the OFMAP operand
 * @param dataflow         os, ws or is
 * @param bandwidth        DRAM words per cycle per SRAM; 0 = SCALE-Sim's CALC mode (no limit, no stalls on reads)
 */
public record SystolicConfig(String runName, int rows, int cols, int ifmapSramKb, int filterSramKb, int ofmapSramKb,
                             long ifmapOffset, long filterOffset, long ofmapOffset, Dataflow dataflow, int bandwidth) {

    public SystolicConfig {
        if (rows <= 0 || cols <= 0) throw new IllegalArgumentException("array must be at least 1x1");
        if (ifmapSramKb <= 0 || filterSramKb <= 0 || ofmapSramKb <= 0)
            throw new IllegalArgumentException("SRAM sizes must be positive");
        if (bandwidth < 0) throw new IllegalArgumentException("bandwidth must be >= 0");
    }

    /** A config with SCALE-Sim's default offsets. */
    public static SystolicConfig of(int rows, int cols, Dataflow df, int ifmapKb, int filterKb, int ofmapKb, int bandwidth) {
        return new SystolicConfig("nxm_run", rows, cols, ifmapKb, filterKb, ofmapKb, 0, 10_000_000, 20_000_000, df, bandwidth);
    }

    public boolean userBandwidth() {
        return bandwidth > 0;
    }
}
