package org.nxm.compiler.hardware;

import org.nxm.model.io.InputException;
import org.nxm.model.numeric.DType;

/**
 * Energy per action of a target, in the spirit of Accelergy's action tables: what one MAC, one byte
 * through each memory level and each watt of leakage cost. The simulator multiplies these by the
 * actions a run counted (see {@code org.nxm.simulator.energy}); nothing here knows about timing.
 *
 * <p>YAML section {@code energy} (all entries required when the section is given, all >= 0):
 * <ul>
 *   <li>{@code dense_mac_pj}: one dense multiply-accumulate in the MMA array (operands in, accumulate).</li>
 *   <li>{@code sparse_mac_pj}: one MAC of a sparse MMA, including its share of metadata decode and of
 *       the multiplexers that select the activations the kept weights meet.</li>
 *   <li>{@code register_pj_per_byte}: register-file / operand-buffer access feeding the MMA units.</li>
 *   <li>{@code shared_read_pj_per_byte}, {@code shared_write_pj_per_byte}: shared buffer (SMEM/SRAM).</li>
 *   <li>{@code l2_pj_per_byte}: last-level cache including the on-chip network to it.</li>
 *   <li>{@code dram_pj_per_byte}: off-chip memory, array and interface (PHY + I/O).</li>
 *   <li>{@code static_w}: leakage and always-on power, see {@link StaticPower}.</li>
 * </ul>
 * Without an {@code energy} section a config gets {@link #reference(DType)}.
 */
public record EnergyTable(double denseMacPj, double sparseMacPj, double registerPjPerByte,
                          double sharedReadPjPerByte, double sharedWritePjPerByte, double l2PjPerByte,
                          double dramPjPerByte, StaticPower staticPower) {

    /**
     * Static power, watts, charged for the whole run time.
     *
     * @param perCoreW one core (SM), its tensor cores, registers and shared buffer
     * @param l2W      the last-level cache
     * @param dramW    DRAM background (refresh, PHY idle) for all channels
     * @param uncoreW  everything else that is powered: network-on-chip, I/O, clocks
     */
    public record StaticPower(double perCoreW, double l2W, double dramW, double uncoreW) {
        public StaticPower {
            nonNegative("static_w.per_core", perCoreW);
            nonNegative("static_w.l2", l2W);
            nonNegative("static_w.dram", dramW);
            nonNegative("static_w.uncore", uncoreW);
        }
    }

    public EnergyTable {
        nonNegative("dense_mac_pj", denseMacPj);
        nonNegative("sparse_mac_pj", sparseMacPj);
        nonNegative("register_pj_per_byte", registerPjPerByte);
        nonNegative("shared_read_pj_per_byte", sharedReadPjPerByte);
        nonNegative("shared_write_pj_per_byte", sharedWritePjPerByte);
        nonNegative("l2_pj_per_byte", l2PjPerByte);
        nonNegative("dram_pj_per_byte", dramPjPerByte);
        if (staticPower == null) throw new InputException("field 'energy.static_w': missing (required)");
    }

    private static void nonNegative(String key, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new InputException("field 'energy." + key + "': must be a number >= 0 (got " + v + ")");
        }
    }

    /**
     * The table a config without an {@code energy} section gets: the a100 preset's 7 nm figures with
     * the MAC energy of the element type (Horowitz 45 nm add + multiply, scaled by 0.27 to 7 nm; the
     * README derives every figure). Static power is left at zero: it depends on the design's size.
     */
    public static EnergyTable reference(DType dtype) {
        double mac = switch (dtype) {
            case I8 -> 0.062;            // (0.03 + 0.2) pJ x 0.27
            case F16, BF16 -> 0.40;      // (0.4 + 1.1) pJ x 0.27
            case F32 -> 1.24;            // (0.9 + 3.7) pJ x 0.27
            default -> throw new IllegalArgumentException(dtype + " is not a compute type");
        };
        return new EnergyTable(mac, mac * 1.15, 0.34, 0.68, 0.75, 4.5, 31.2, new StaticPower(0, 0, 0, 0));
    }
}
