package org.nxm.compiler.hardware;

import org.nxm.model.io.InputException;

/**
 * Fixed costs of running one GEMM as a kernel, in core cycles: what a small GEMM on a real GPU spends
 * besides moving its bytes and issuing its MMAs (a 128×768×3072 fp16 GEMM takes 4.7 µs on an H200, about
 * 3.3 µs more than its bytes need at the measured copy bandwidth). YAML section {@code kernel}; absent = all
 * zero (the machine's schedule alone, as before these existed). Field by field:
 * <ul>
 *   <li>{@code launchCycles} [launch_cycles]: from the previous kernel's end to this kernel's first
 *       instruction (launch latency, block scheduling; with CUDA graphs the replay gap).</li>
 *   <li>{@code prologueCycles} [prologue_cycles]: set-up before the first tile's loads are issued (descriptor
 *       and barrier initialisation, accumulator clearing) that the schedule does not model. The first tile's
 *       fill itself (DRAM latency, the first operand tiles) is simulated and is not part of this.</li>
 *   <li>{@code epilogueCycles} [epilogue_cycles]: after the last tile's store is issued until the kernel
 *       counts as finished (final store drain and completion signalling).</li>
 *   <li>{@code waveSyncCycles} [wave_sync_cycles]: per wave after the first (a wave = one output tile per
 *       core), the tile scheduler's hand-over between waves.</li>
 * </ul>
 * A GEMM's fixed cost is launch + prologue + epilogue + (waves − 1) · wave sync; a run's is the sum over its
 * GEMMs (kernels in a stream run one after another, so their fixed costs add).
 */
public record KernelCosts(long launchCycles, long prologueCycles, long epilogueCycles, long waveSyncCycles) {
    public static final KernelCosts NONE = new KernelCosts(0, 0, 0, 0);

    public KernelCosts {
        check("launch_cycles", launchCycles);
        check("prologue_cycles", prologueCycles);
        check("epilogue_cycles", epilogueCycles);
        check("wave_sync_cycles", waveSyncCycles);
    }

    private static void check(String field, long v) {
        if (v < 0) throw new InputException("field 'kernel." + field + "': must be >= 0 (got " + v + ")");
    }

    public boolean isNone() { return equals(NONE); }

    /** The fixed cycles of one GEMM kernel whose output tiles (× K splits) fill {@code waves} waves of the cores. */
    public long perKernel(long waves) {
        return launchCycles + prologueCycles + epilogueCycles + Math.max(0, waves - 1) * waveSyncCycles;
    }
}
