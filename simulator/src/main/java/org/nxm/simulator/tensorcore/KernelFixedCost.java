package org.nxm.simulator.tensorcore;

import org.nxm.compiler.hardware.KernelCosts;
import org.nxm.compiler.program.GemmInfo;
import org.nxm.compiler.program.Program;

/**
 * The fixed cycles a program's GEMM kernels cost besides their schedule ({@link KernelCosts}): each GEMM is one
 * kernel; its waves are its work units (output tiles × K splits) over the cores, rounded up. Kernels in a
 * stream start one after another, so the fixed costs add to the schedule's makespan. Vector ops are taken as
 * fused into the GEMMs' epilogues and pay no launch of their own.
 */
public final class KernelFixedCost {
    private KernelFixedCost() {}

    public static long of(KernelCosts k, int cores, Program p) {
        if (k.isNone()) return 0;
        long total = 0;
        for (GemmInfo g : p.gemms()) total += k.perKernel(waves(g, cores));
        return total;
    }

    /** Waves of one GEMM: ⌈tiles_M · tiles_N · splits / cores⌉. */
    static long waves(GemmInfo g, int cores) {
        long units = ceilDiv(g.m(), g.tile().bm()) * ceilDiv(g.n(), g.tile().bn()) * Math.max(1, g.splitK());
        return ceilDiv(units, cores);
    }

    private static long ceilDiv(long a, long b) { return (a + b - 1) / b; }
}
