package org.nxm.simulator.report;

import java.util.List;
import org.nxm.simulator.energy.RunActions;

/**
 * The result of one timing run.
 *
 * @param hardware            target name
 * @param pattern             the weights' N:M pattern ("dense" when none)
 * @param engine              event-driven or cycle-stepped
 * @param cycles              total cycles (last op finished)
 * @param clockHz             to convert cycles to seconds
 * @param macs                multiply-accumulates performed (sparse: the kept weights only)
 * @param denseEquivalentMacs the MACs of the same layers dense (what the run is worth)
 * @param mmaInstructions     MMA instructions issued (partial tiles count whole)
 * @param peakMacsPerCycle    dense MACs the cores can issue per cycle
 * @param utilization         issue-slot utilisation: MACs performed / (peak × cycles). A sparse MMA
 *                            performs as many (kept) MACs per issue slot as a dense one, so this is the
 *                            fraction of MMA issue slots doing useful work, dense or sparse
 * @param levels              traffic per memory level
 * @param stalls              compute / memory / dependency split of the cores' cycles
 * @param layers              per-layer spans
 * @param ops                 ops simulated
 * @param denseFallbacks      sparse MMA tiles run dense because the hardware lacks the pattern
 * @param warnings            one line each
 * @param kernelFixedCycles   the kernels' fixed costs ({@link org.nxm.compiler.hardware.KernelCosts}) included in
 *                            {@code cycles}: launch, prologue, epilogue and wave hand-overs, added to the
 *                            schedule's makespan (the trace holds the schedule only)
 * @param actions             MACs and bytes by kind, in all and per layer: what the energy model prices
 * @param sustainedRateCycles cycles included in {@code cycles} because the run's executed MACs exceed the rate the
 *                            chip sustains ({@link org.nxm.compiler.hardware.KernelCosts#sustainedMmaFraction}): the
 *                            schedule stretched as a power-limited clock would stretch it (not in the trace)
 */
public record SimReport(String hardware, String pattern, String engine, long cycles, double clockHz,
                        long macs, long denseEquivalentMacs, long mmaInstructions, double peakMacsPerCycle,
                        double utilization, List<LevelStats> levels, StallBreakdown stalls,
                        List<LayerStats> layers, long ops, long denseFallbacks, List<String> warnings,
                        long kernelFixedCycles, RunActions actions, long sustainedRateCycles) {

    /** A report without a sustained-rate stretch (the arity before it existed). */
    public SimReport(String hardware, String pattern, String engine, long cycles, double clockHz,
                     long macs, long denseEquivalentMacs, long mmaInstructions, double peakMacsPerCycle,
                     double utilization, List<LevelStats> levels, StallBreakdown stalls,
                     List<LayerStats> layers, long ops, long denseFallbacks, List<String> warnings,
                     long kernelFixedCycles, RunActions actions) {
        this(hardware, pattern, engine, cycles, clockHz, macs, denseEquivalentMacs, mmaInstructions, peakMacsPerCycle,
                utilization, levels, stalls, layers, ops, denseFallbacks, warnings, kernelFixedCycles, actions, 0);
    }

    /** A report without kernel fixed costs or counted actions (the arity before they existed). */
    public SimReport(String hardware, String pattern, String engine, long cycles, double clockHz,
                     long macs, long denseEquivalentMacs, long mmaInstructions, double peakMacsPerCycle,
                     double utilization, List<LevelStats> levels, StallBreakdown stalls,
                     List<LayerStats> layers, long ops, long denseFallbacks, List<String> warnings) {
        this(hardware, pattern, engine, cycles, clockHz, macs, denseEquivalentMacs, mmaInstructions, peakMacsPerCycle,
                utilization, levels, stalls, layers, ops, denseFallbacks, warnings, 0, RunActions.NONE);
    }

    /** A report without counted actions (the arity before the energy model). */
    public SimReport(String hardware, String pattern, String engine, long cycles, double clockHz,
                     long macs, long denseEquivalentMacs, long mmaInstructions, double peakMacsPerCycle,
                     double utilization, List<LevelStats> levels, StallBreakdown stalls,
                     List<LayerStats> layers, long ops, long denseFallbacks, List<String> warnings, long kernelFixedCycles) {
        this(hardware, pattern, engine, cycles, clockHz, macs, denseEquivalentMacs, mmaInstructions, peakMacsPerCycle,
                utilization, levels, stalls, layers, ops, denseFallbacks, warnings, kernelFixedCycles, RunActions.NONE);
    }

    public SimReport {
        if (actions == null) actions = RunActions.NONE;
    }

    /** The schedule's makespan: cycles without the kernels' fixed costs or the sustained-rate stretch. */
    public long scheduleCycles() { return cycles - kernelFixedCycles - sustainedRateCycles; }

    /** This report with {@code fixed} cycles of kernel fixed costs added to the total (utilisation follows). */
    public SimReport withKernelFixedCycles(long fixed) {
        return plus(fixed, 0);
    }

    /**
     * This report with its schedule stretched to the rate the chip sustains ({@link
     * org.nxm.compiler.hardware.KernelCosts#sustainedCycles}; unchanged where the rate does not bind).
     */
    public SimReport withSustainedRate(org.nxm.compiler.hardware.KernelCosts k) {
        long schedule = scheduleCycles();
        return plus(0, k.sustainedCycles(schedule, macs, peakMacsPerCycle) - schedule);
    }

    /**
     * A cost-model estimate of the schedule ({@code estimatedSchedule}) made comparable with {@link #cycles}: the
     * same kernel fixed costs added and, where the sustained rate stretched this run, the same floor applied.
     */
    public long comparableEstimate(long estimatedSchedule) {
        long floor = sustainedRateCycles > 0 ? scheduleCycles() + sustainedRateCycles : 0;
        return Math.max(estimatedSchedule, floor) + kernelFixedCycles;
    }

    private SimReport plus(long fixed, long stretch) {
        if (fixed == 0 && stretch == 0) return this;
        long total = cycles + fixed + stretch;
        double util = total == 0 ? 0 : macs / (peakMacsPerCycle * total);
        return new SimReport(hardware, pattern, engine, total, clockHz, macs, denseEquivalentMacs, mmaInstructions,
                peakMacsPerCycle, util, levels, stalls, layers, ops, denseFallbacks, warnings, kernelFixedCycles + fixed,
                actions, sustainedRateCycles + stretch);
    }

    public double seconds() { return cycles / clockHz; }

    /** Dense-equivalent MACs per cycle achieved (exceeds the dense peak when sparsity pays). */
    public double effectiveMacsPerCycle() { return cycles == 0 ? 0 : (double) denseEquivalentMacs / cycles; }

    /** Effective TFLOP/s: 2 FLOP per dense-equivalent MAC. */
    public double effectiveTflops() { return seconds() == 0 ? 0 : 2.0 * denseEquivalentMacs / seconds() / 1e12; }

    public LevelStats level(String name) {
        for (LevelStats l : levels) if (l.name().equals(name)) return l;
        throw new IllegalArgumentException("no level " + name);
    }

    public long dramBytes() { return level("dram").bytes(); }
}
