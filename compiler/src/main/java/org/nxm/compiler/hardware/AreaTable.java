package org.nxm.compiler.hardware;

import org.nxm.model.io.InputException;
import org.nxm.model.numeric.DType;

/**
 * Silicon area per component of a target, mm². The simulator's area model multiplies these by the
 * design's counts (see {@code org.nxm.simulator.area}); sweeps rank designs by the result.
 *
 * <p>YAML section {@code area} (all entries required when the section is given):
 * <ul>
 *   <li>{@code tensor_core_mm2}: one dense MMA unit (a tensor core; for the systolic template one PE).</li>
 *   <li>{@code sparse_extra_mm2}: added per MMA unit when the design runs any N:M pattern (metadata
 *       decode, operand-select multiplexers, wider operand staging).</li>
 *   <li>{@code core_other_mm2}: the rest of one core (schedulers, vector/scalar units, load/store, L1
 *       tags); 0 for a bare systolic array.</li>
 *   <li>{@code operand_buffer_mm2_per_kb}, {@code shared_mm2_per_kb}, {@code l2_mm2_per_kb}: SRAM per
 *       KiB of each level, periphery included (for the systolic template {@code shared} prices the
 *       IFMAP/FILTER/OFMAP SRAMs).</li>
 *   <li>{@code dram_phy_mm2_per_channel}: DRAM controller + PHY per channel.</li>
 *   <li>{@code uncore_mm2}: fixed area: network-on-chip, host and chip-to-chip I/O, clocking.</li>
 *   <li>{@code die_cores_ratio}: cores on the die per enabled core (>= 1): dies carry spare cores for
 *       yield (A100 enables 108 of 128 SMs); the area counts them, the timing does not.</li>
 * </ul>
 * Without an {@code area} section a config gets {@link #reference(DType)}.
 */
public record AreaTable(double tensorCoreMm2, double sparseExtraMm2, double coreOtherMm2,
                        double operandBufferMm2PerKb, double sharedMm2PerKb, double l2Mm2PerKb,
                        double dramPhyMm2PerChannel, double uncoreMm2, double dieCoresRatio) {

    public AreaTable {
        nonNegative("tensor_core_mm2", tensorCoreMm2);
        nonNegative("sparse_extra_mm2", sparseExtraMm2);
        nonNegative("core_other_mm2", coreOtherMm2);
        nonNegative("operand_buffer_mm2_per_kb", operandBufferMm2PerKb);
        nonNegative("shared_mm2_per_kb", sharedMm2PerKb);
        nonNegative("l2_mm2_per_kb", l2Mm2PerKb);
        nonNegative("dram_phy_mm2_per_channel", dramPhyMm2PerChannel);
        nonNegative("uncore_mm2", uncoreMm2);
        if (!(dieCoresRatio >= 1) || Double.isInfinite(dieCoresRatio)) {
            throw new InputException("field 'area.die_cores_ratio': must be a number >= 1 (got " + dieCoresRatio + ")");
        }
    }

    private static void nonNegative(String key, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new InputException("field 'area." + key + "': must be a number >= 0 (got " + v + ")");
        }
    }

    /**
     * The table a config without an {@code area} section gets: the a100 preset's 7 nm per-component
     * figures, the MMA unit scaled by the element type's multiplier area (int8 about a quarter of
     * fp16, fp32 about three times), no spare cores and no uncore.
     */
    public static AreaTable reference(DType dtype) {
        double scale = switch (dtype) {
            case I8 -> 0.25;
            case F16, BF16 -> 1.0;
            case F32 -> 3.0;
            default -> throw new IllegalArgumentException(dtype + " is not a compute type");
        };
        return new AreaTable(0.14 * scale, 0.014 * scale, 1.1, 0.0021, 0.0016, 0.0016, 1.6, 0, 1.0);
    }
}
