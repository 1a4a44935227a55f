package org.nxm.compiler.tile;

import java.util.ArrayList;
import java.util.List;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.program.TileShape;
import org.nxm.model.io.InputException;

/**
 * The tile pass. For the tensor-core template it enumerates legal block tiles — bm a multiple of the MMA
 * m (and of the weight layout's row alignment), bn of the MMA n, bk of the K one MMA consumes (and of
 * the layout's K alignment and the pattern's m) — and K splits, keeps those whose double-buffered operand
 * tiles fit the shared buffer and whose two accumulators fit the operand buffer, and picks the one the
 * {@link CostModel} estimates fastest (ties: fewer, larger tiles, which means fewer ops). This is the
 * tensor-core target's tiler ({@code TensorCoreTarget}); the systolic target's is {@link SystolicTiler}.
 */
public final class Tiler {
    private Tiler() {}

    /** Accumulator slots per core: two, so a tile's store overlaps the next tile's MMAs. */
    public static final int ACC_SLOTS = 2;
    /** Operand slots per operand at least: two (ping-pong), so the next K-step's loads overlap this one's MMAs. */
    public static final int OPERAND_SLOTS = 2;
    /** Operand slots per operand at most (the pipeline depth the searching mapper tries where the shared buffer holds them). */
    public static final int MAX_STAGES = 3;

    public static GemmPlan plan(HardwareConfig hw, GemmContext g) {
        return plan(hw, g, candidates(hw, g));
    }

    /**
     * Chooses among {@code all} (from {@link #candidates}): the {@link #REFINED} best tilings by the quick estimate, at
     * every pipeline depth, get the full one ({@link CostModel#estimate}, the cores' queueing on L2 and DRAM included), and among those the
     * fastest wins (ties: {@link #choose}).
     */
    public static GemmPlan plan(HardwareConfig hw, GemmContext g, List<Candidate> all) {
        List<GemmPlan> plans = new ArrayList<>();
        List<Long> ops = new ArrayList<>();
        // The best REFINED tilings (tile, K split) by quick estimate, each at every pipeline depth that fits.
        List<Candidate> ranked = ranked(all);
        java.util.Set<List<Integer>> tilings = new java.util.HashSet<>();
        for (Candidate c : ranked) {
            if (tilings.size() >= REFINED) break;
            tilings.add(tiling(c.plan()));
        }
        for (Candidate c : ranked) {
            if (!tilings.contains(tiling(c.plan()))) continue;
            plans.add(refine(hw, g, c.plan()));
            ops.add(c.ops());
        }
        return choose(plans, ops);
    }

    /** Tilings (tile, K split) the full estimate is computed for, at each pipeline depth, after the quick one ranked them all. */
    public static final int REFINED = 6;

    private static List<Integer> tiling(GemmPlan p) {
        return List.of(p.tile().bm(), p.tile().bn(), p.tile().bk(), p.splits(), p.splitLength());
    }

    /** {@code all} by quick estimate, fewest ops first among equals. */
    public static List<Candidate> ranked(List<Candidate> all) {
        List<Candidate> r = new ArrayList<>(all);
        r.sort(java.util.Comparator.comparingLong((Candidate c) -> c.plan().estimatedCycles()).thenComparingLong(Candidate::ops));
        return r;
    }

    /** The plan with the full estimate ({@link CostModel#estimate}) in place of the quick one. */
    public static GemmPlan refine(HardwareConfig hw, GemmContext g, GemmPlan p) {
        CostModel.Breakdown est = CostModel.estimate(hw, g, p.tile(), p.splits(), p.splitLength(), p.stages());
        return new GemmPlan(p.tile(), p.splits(), p.splitLength(), p.units(), est.total(), est, p.stages(), p.raster());
    }

    /** One legal tiling with its cost-model estimate and the K-step ops it compiles to. */
    public record Candidate(GemmPlan plan, long ops) {}

    /**
     * Every legal tiling of a tensor-core GEMM with its quick estimate ({@link CostModel#quickEstimate}: what
     * {@link #plan} and the mapper rank). Throws the one-line "buffers too small" error when there is none.
     */
    public static List<Candidate> candidates(HardwareConfig hw, GemmContext g) {
        return candidates(hw, g, OPERAND_SLOTS);
    }

    /**
     * {@link #candidates} at every pipeline depth from {@link #OPERAND_SLOTS} up to {@code maxStages} operand buffers
     * per operand that fits the shared buffer (the searching mapper's space; the heuristic keeps double buffering).
     */
    public static List<Candidate> candidates(HardwareConfig hw, GemmContext g, int maxStages) {
        return candidates(hw, g, maxStages, false);
    }

    /**
     * {@link #candidates(HardwareConfig, GemmContext, int)}, with {@code wide} the searching mapper's space: also the M and N
     * tile sizes 3·2^i times the alignment ({@link #sizes}) and every K-split count, not only powers of two, so that the
     * work units can fill the cores' waves (48 tiles on 132 cores: 2 splits leave 36 idle). The heuristic keeps the
     * power-of-two space: the cost model's estimates for the others are not held to the agreement bound (a 96-row tile on
     * an L2-bound MiniLM FFN at T = 8192 is estimated 18% fast), and where it ranks them first the engine can find them
     * slower, so they are taken only where the engine, simulating them, finds them faster.
     */
    public static List<Candidate> candidates(HardwareConfig hw, GemmContext g, int maxStages, boolean wide) {
        int mAlign = mAlign(hw, g);
        int mmaK = g.sparse() ? hw.mmaK(g.weight().pattern()) : hw.mma().k();
        int kUnit = mmaK;
        if (g.weight() != null) kUnit = lcm(kUnit, g.weight().kAlign());
        if (g.sparse() && g.k() % g.weight().pattern().m() != 0) {
            throw new InputException(g.name() + ": K = " + g.k() + " is not a multiple of m = " + g.weight().pattern().m()
                    + " of pattern " + g.weight().pattern());
        }
        int elem = hw.dtype().bytes();
        long shared = hw.shared().capacityBytes();
        long regs = hw.operandBufferBytes();
        List<Candidate> candidates = new ArrayList<>();
        for (int bm : sizes(mAlign, g.m(), 256, wide)) {
            for (int bn : sizes(hw.mma().n(), g.n(), 256, wide)) {
                if ((long) ACC_SLOTS * bm * bn * hw.dtype().accumulatorBytes() > regs) continue;
                for (int bk : sizes(kUnit, g.k(), 512, false)) {
                    long a = g.weight() != null ? g.weight().valueBytes(bm, bk) : (long) bm * bk * elem;
                    long meta = g.weight() != null ? g.weight().metadataBytes(bm, bk) : 0;
                    long b = (long) bk * bn * elem;
                    if (OPERAND_SLOTS * (a + meta + b) > shared) continue;
                    // Deeper pipelines where more buffers per operand fit (loads further ahead of the MMAs).
                    int depth = Math.min(maxStages, (int) Math.min(Integer.MAX_VALUE, shared / (a + meta + b)));
                    int tiles = ceil(g.m(), bm) * ceil(g.n(), bn);
                    int kUnits = ceil(g.k(), kUnit);
                    // Powers of two, or (wide) every count: units = tiles · splits can then fill the cores' waves.
                    for (int splits = 1; splits <= Math.min(g.cores(), 16) && splits <= kUnits; splits = wide ? splits + 1 : splits * 2) {
                        if (splits > 1 && (long) tiles * splits > 2L * g.cores()) break;
                        int splitLen = ceil(kUnits, splits) * kUnit;
                        int realSplits = ceil(g.k(), splitLen);
                        if (realSplits != splits) continue;
                        if (splits > 1 && bk > splitLen) continue;
                        TileShape t = new TileShape(bm, bn, bk);
                        for (int stages = OPERAND_SLOTS; stages <= depth; stages++) {
                            CostModel.Breakdown est = CostModel.quickEstimate(hw, g, t, splits, splitLen, stages);
                            candidates.add(new Candidate(new GemmPlan(t, splits, splitLen, (long) tiles * splits, est.total(), est, stages),
                                    (long) tiles * splits * ceil(splitLen, bk)));
                        }
                    }
                }
            }
        }
        if (candidates.isEmpty()) {
            long a = g.weight() != null ? g.weight().valueBytes(mAlign, kUnit) + g.weight().metadataBytes(mAlign, kUnit) : (long) mAlign * kUnit * elem;
            long need = OPERAND_SLOTS * (a + (long) kUnit * hw.mma().n() * elem);
            long needRegs = (long) ACC_SLOTS * mAlign * hw.mma().n() * hw.dtype().accumulatorBytes();
            throw new InputException("hardware " + hw.name() + ": buffers too small for the smallest legal tile of " + g.name()
                    + " (" + mAlign + "x" + hw.mma().n() + "x" + kUnit + ": needs " + need + " shared bytes (has " + shared
                    + ") and " + needRegs + " operand-buffer bytes (has " + regs + "))");
        }
        return candidates;
    }

    private static int mAlign(HardwareConfig hw, GemmContext g) {
        return lcm(hw.mma().m(), g.weight() != null ? g.weight().rowAlign() : 1);
    }

    /**
     * Whether {@code p} is in the heuristic's space, what {@link #candidates(HardwareConfig, GemmContext)} gives: double
     * buffered, M and N tile sizes of the power-of-two series, a power-of-two K-split count.
     */
    public static boolean inHeuristicSpace(HardwareConfig hw, GemmContext g, GemmPlan p) {
        return p.stages() == OPERAND_SLOTS && Integer.bitCount(p.splits()) == 1
                && sizes(mAlign(hw, g), g.m(), 256, false).contains(p.tile().bm())
                && sizes(hw.mma().n(), g.n(), 256, false).contains(p.tile().bn());
    }

    /**
     * Within {@link #TOLERANCE} of the fastest estimate the model cannot tell candidates apart (a
     * memory-bound GEMM costs the same for many tilings), so among those take the one with the fewest
     * K-step ops: cheaper to compile and to simulate, and less per-step overhead on real hardware.
     */
    static GemmPlan choose(List<GemmPlan> candidates, List<Long> ops) {
        long min = Long.MAX_VALUE;
        for (GemmPlan p : candidates) min = Math.min(min, p.estimatedCycles());
        GemmPlan best = null;
        long bestOps = Long.MAX_VALUE;
        for (int i = 0; i < candidates.size(); i++) {
            GemmPlan p = candidates.get(i);
            if (p.estimatedCycles() > min * (1 + TOLERANCE)) continue;
            if (best == null || ops.get(i) < bestOps || (ops.get(i) == bestOps && p.estimatedCycles() < best.estimatedCycles())) {
                best = p;
                bestOps = ops.get(i);
            }
        }
        return best;
    }

    /** Relative estimate difference below which tilings count as equally fast. */
    public static final double TOLERANCE = 0.05;

    /**
     * align, 2·align, 4·align, ... and the three-quarter steps between them (3·align, 6·align, 12·align, ...), up to
     * max(align, dim rounded up) and cap (at least align). The three-multiples ({@code threes}; for the output tile's
     * M and N, where the tile count sets how full the waves are) let a tile count land near a multiple of the core
     * count where powers of two leave a wave part-empty (2,048 columns: 11 tiles of 192 instead of 8 of 256).
     */
    static List<Integer> sizes(int align, int dim, int cap, boolean threes) {
        List<Integer> out = new ArrayList<>();
        int limit = Math.max(align, Math.min(cap, ceil(dim, align) * align));
        for (int s = align; s <= limit; s *= 2) {
            out.add(s);
            if (threes && s > align && s / 2 * 3 <= limit) out.add(s / 2 * 3);
        }
        int full = ceil(dim, align) * align;
        if (full <= cap && !out.contains(full)) out.add(full);
        return out;
    }

    static int ceil(long a, long b) {
        return (int) ((a + b - 1) / b);
    }

    static int lcm(int a, int b) {
        return a / gcd(a, b) * b;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
