package org.nxm.compiler.tile;

import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.program.MemoryLevel;
import org.nxm.compiler.program.TileShape;
import org.nxm.compiler.target.Target;

/**
 * An analytical estimate of a tiled GEMM's cycles, used to choose tiles and printed beside the
 * simulator's measurement. Per core: K-steps run back to back, each bounded by the slowest of its MMA
 * issue, metadata decode and shared-buffer fill; the chip is bounded by DRAM and L2 bandwidth for the
 * bytes the tiling moves (first touches from DRAM, re-reads from L2 when there is one). The total is
 * the maximum of the per-core time and the memory times, plus pipeline fill (DRAM and MMA latency).
 * A roofline with tile-level traffic, deliberately simple: the simulator measures the rest.
 */
public final class CostModel {
    private CostModel() {}

    /** The parts of an estimate (cycles). */
    public record Breakdown(long computeCycles, long dramCycles, long l2Cycles, long fillCycles, long dramBytes,
                            long l2Bytes, long total) {}

    /** Padded MMA instructions for one K-step of a bm×bn×bk tile ({@link Target#mmaInstructions}). */
    public static long mmaInstructions(HardwareConfig hw, int bm, int bn, int bk, int mmaK) {
        return Target.of(hw).mmaInstructions(bm, bn, bk, mmaK);
    }

    public static Breakdown estimate(HardwareConfig hw, GemmContext g, TileShape t, int splits, int splitLength) {
        return estimate(Target.of(hw), g, t, splits, splitLength);
    }

    /** The estimate of a plan with {@code stages} operand buffers per operand (tensor-core template). */
    public static Breakdown estimate(HardwareConfig hw, GemmContext g, TileShape t, int splits, int splitLength, int stages) {
        Target target = Target.of(hw);
        if (target instanceof org.nxm.compiler.target.TensorCoreTarget) return TensorCoreCost.estimate(hw, g, t, splits, splitLength, stages);
        return estimate(target, g, t, splits, splitLength);
    }

    /** The quick estimate of a plan with {@code stages} operand buffers per operand. */
    public static Breakdown quickEstimate(HardwareConfig hw, GemmContext g, TileShape t, int splits, int splitLength, int stages) {
        Target target = Target.of(hw);
        if (target instanceof org.nxm.compiler.target.TensorCoreTarget) return TensorCoreCost.quick(hw, g, t, splits, splitLength, stages);
        return estimate(target, g, t, splits, splitLength);
    }

    /**
     * A cheaper estimate for ranking every legal tiling before the best few get {@link #estimate}: on the tensor-core
     * template the busiest core alone against the chip-wide bandwidth bounds (no queueing between cores on L2 and
     * DRAM); elsewhere the same as {@link #estimate}.
     */
    public static Breakdown quickEstimate(HardwareConfig hw, GemmContext g, TileShape t, int splits, int splitLength) {
        Target target = Target.of(hw);
        if (target instanceof org.nxm.compiler.target.TensorCoreTarget) return TensorCoreCost.quick(hw, g, t, splits, splitLength);
        return estimate(target, g, t, splits, splitLength);
    }

    /** The estimate on a target: its K-step cycles, latencies and bandwidths, the roofline common to all. */
    public static Breakdown estimate(Target target, GemmContext g, TileShape t, int splits, int splitLength) {
        if (target instanceof org.nxm.compiler.target.TensorCoreTarget) return TensorCoreCost.estimate(target.hw(), g, t, splits, splitLength);
        HardwareConfig hw = target.hw();
        int tilesM = ceil(g.m(), t.bm());
        int tilesN = ceil(g.n(), t.bn());
        long units = (long) tilesM * tilesN * splits;
        long perCoreUnits = ceil(units, g.cores());
        int kSteps = ceil(splitLength, t.bk());
        int elem = hw.dtype().bytes();
        // Bytes of one K-step's operand tiles.
        long aStep = g.weight() != null ? g.weight().valueBytes(t.bm(), t.bk()) : (long) t.bm() * t.bk() * elem;
        long metaStep = g.weight() != null ? g.weight().metadataBytes(t.bm(), t.bk()) : 0;
        long bStep = (long) t.bk() * t.bn() * elem;
        double stepCycles = target.kStepCycles(g, t, aStep, metaStep, bStep);
        long accBytes = (long) t.bm() * t.bn();
        double epilogue = accBytes * elem / target.epilogueBytesPerCycle();
        // Every K-step synchronises its loads with its MMAs, exposing about one MMA latency; every unit
        // (output tile) also pays one for its epilogue. This is what makes tiny tiles lose.
        double overhead = target.mmaLatencyCycles();
        long compute = (long) Math.ceil(perCoreUnits * (kSteps * (stepCycles + overhead) + epilogue + overhead));
        // Traffic: A tiles are loaded once per N-tile, B tiles once per M-tile.
        long aAll = g.weight() != null ? g.weight().valueBytes(g.m(), pad(g.k(), g.weight().kAlign())) + g.weight().metadataBytes(g.m(), pad(g.k(), g.weight().kAlign()))
                : (long) g.m() * g.k() * elem;
        long bAll = (long) g.k() * g.n() * elem;
        long cAll = (long) g.m() * g.n() * elem;
        long partials = splits > 1 ? 2L * (splits - 1) * g.m() * g.n() * 4 : 0;
        long tileTraffic = aAll * tilesN + bAll * tilesM + cAll + partials;
        boolean l2 = hw.l2() != null;
        long dramBytes;
        long l2Bytes;
        if (l2) {
            dramBytes = (g.weight() != null || g.aHome() == MemoryLevel.DRAM ? aAll : 0)
                    + (g.bHome() == MemoryLevel.DRAM ? bAll : 0) + (g.cHome() == MemoryLevel.DRAM ? cAll : 0);
            l2Bytes = tileTraffic;
        } else {
            dramBytes = tileTraffic;
            l2Bytes = 0;
        }
        double dramBw = hw.dramBytesPerCycle();
        long dramCycles = Double.isInfinite(dramBw) ? 0 : (long) Math.ceil(dramBytes / dramBw);
        long l2Cycles = l2 ? (long) Math.ceil(l2Bytes / hw.l2().bytesPerCycle()) : 0;
        long fillCycles = target.dramLatencyCycles() + target.mmaLatencyCycles()
                + (long) Math.ceil((aStep + metaStep + bStep) / target.fillBytesPerCycle());
        long total = Math.max(compute, Math.max(dramCycles, l2Cycles)) + fillCycles;
        return new Breakdown(compute, dramCycles, l2Cycles, fillCycles, dramBytes, l2Bytes, total);
    }

    static int ceil(long a, long b) {
        return (int) ((a + b - 1) / b);
    }

    static int pad(int x, int align) {
        return ceil(x, align) * align;
    }
}
