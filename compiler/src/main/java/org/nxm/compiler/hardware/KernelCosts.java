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
 *   <li>{@code sustainedMmaFraction} [sustained_mma_fraction, optional, default 1]: the fraction of the MMA
 *       peak (at {@code clock_hz}) that the chip sustains through a long GEMM. A GPU at its power limit lowers its
 *       clock under dense tensor work (an H200 read 1,980 MHz, yet its 8192³ fp16 GEMM ran at 728 TFLOP/s, 68% of
 *       that clock's peak); the schedule runs at the nominal clock, so a run whose executed MACs (a 2:4 MMA executes
 *       half a dense one's) would exceed this rate is stretched to it: schedule cycles ≥ MACs / (peak × fraction).
 *       The rate is averaged over the run, as a power limit acts on average power. 1 = no such limit.</li>
 * </ul>
 * A GEMM's fixed cost is launch + prologue + epilogue + (waves − 1) · wave sync; a run's is the sum over its
 * GEMMs (kernels in a stream run one after another, so their fixed costs add).
 */
public record KernelCosts(long launchCycles, long prologueCycles, long epilogueCycles, long waveSyncCycles,
                          double sustainedMmaFraction) {
    public static final KernelCosts NONE = new KernelCosts(0, 0, 0, 0);

    /** Fixed costs only (no sustained-rate limit). */
    public KernelCosts(long launchCycles, long prologueCycles, long epilogueCycles, long waveSyncCycles) {
        this(launchCycles, prologueCycles, epilogueCycles, waveSyncCycles, 1.0);
    }

    public KernelCosts {
        check("launch_cycles", launchCycles);
        check("prologue_cycles", prologueCycles);
        check("epilogue_cycles", epilogueCycles);
        check("wave_sync_cycles", waveSyncCycles);
        if (!(sustainedMmaFraction >= MIN_FRACTION && sustainedMmaFraction <= 1)) {
            throw new InputException("field 'kernel.sustained_mma_fraction': must be a number in [" + MIN_FRACTION
                    + ", 1] (got " + sustainedMmaFraction + ")");
        }
    }

    /** Below this a "sustained" rate is not a power limit but a typo (and cycle counts would balloon). */
    static final double MIN_FRACTION = 0.05;

    /**
     * The cycles a schedule of {@code scheduleCycles} takes once the sustained rate is applied: unchanged unless its
     * {@code macs} executed MACs need more at {@code peakMacsPerCycle} × {@link #sustainedMmaFraction}.
     */
    public long sustainedCycles(long scheduleCycles, long macs, double peakMacsPerCycle) {
        if (sustainedMmaFraction >= 1 || macs <= 0) return scheduleCycles;
        return Math.max(scheduleCycles, (long) Math.ceil(macs / (peakMacsPerCycle * sustainedMmaFraction)));
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
