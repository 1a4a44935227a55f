package org.nxm.simulator.sweep;

import org.nxm.compiler.hardware.ElementType;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.hardware.Template;

/**
 * A deliberately simple area and energy proxy, so a sweep can draw a cost axis. It is an
 * order-of-magnitude model at a 45 nm reference point (M. Horowitz, "Computing's energy problem",
 * ISSCC 2014), not a synthesis result: use it to rank designs, not to quote square millimetres.
 *
 * <p>Area (mm²): MAC lanes × area per lane (fp16 FMA ≈ 0.003 mm², int8 ≈ 0.0006, fp32 ≈ 0.011),
 * plus 12% per lane when the design runs any N:M pattern (metadata decode and the operand-select
 * multiplexers of a sparse tensor core; VEGETA and S2TA report overheads of this order), plus SRAM
 * at 0.006 mm² per KiB (6T cells with periphery) for the shared buffers, operand buffers and L2.
 *
 * <p>Energy (joules): per MAC 1.5 pJ fp16, 0.3 pJ int8, 4.6 pJ fp32; per byte 1.25 pJ from the
 * shared buffer, 5 pJ from L2, 160 pJ from DRAM.
 */
public final class CostProxy {
    private CostProxy() {}

    static final double SPARSE_LANE_OVERHEAD = 0.12;
    static final double SRAM_MM2_PER_KIB = 0.006;
    static final double PJ_PER_BYTE_SHARED = 1.25;
    static final double PJ_PER_BYTE_L2 = 5.0;
    static final double PJ_PER_BYTE_DRAM = 160.0;

    static double laneAreaMm2(ElementType t) {
        return switch (t) {
            case INT8 -> 0.0006;
            case FP16, BF16 -> 0.003;
            case FP32 -> 0.011;
        };
    }

    static double macPicojoules(ElementType t) {
        return switch (t) {
            case INT8 -> 0.3;
            case FP16, BF16 -> 1.5;
            case FP32 -> 4.6;
        };
    }

    /** Area proxy of a design, mm² at 45 nm. */
    public static double areaMm2(HardwareConfig h) {
        double lanes;
        double sramBytes;
        if (h.template() == Template.SYSTOLIC) {
            HardwareConfig.Systolic s = h.systolic();
            lanes = (double) s.rows() * s.cols() * h.cores();
            sramBytes = 1024.0 * (s.ifmapSramKb() + s.filterSramKb() + s.ofmapSramKb()) * h.cores();
        } else {
            lanes = h.cores() * h.denseMacsPerCyclePerCore();
            sramBytes = (double) h.cores() * (h.shared().capacityBytes() + h.operandBufferBytes());
        }
        sramBytes += h.l2CapacityBytes();
        double laneArea = laneAreaMm2(h.dtype()) * (h.sparsePatterns().isEmpty() ? 1.0 : 1.0 + SPARSE_LANE_OVERHEAD);
        return lanes * laneArea + sramBytes / 1024.0 * SRAM_MM2_PER_KIB;
    }

    /** Energy proxy of a run, joules. */
    public static double energyJoules(HardwareConfig h, long macs, long sharedBytes, long l2Bytes, long dramBytes) {
        double pj = macs * macPicojoules(h.dtype()) + sharedBytes * PJ_PER_BYTE_SHARED
                + l2Bytes * PJ_PER_BYTE_L2 + dramBytes * PJ_PER_BYTE_DRAM;
        return pj * 1e-12;
    }
}
