package org.nxm.compiler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nxm.compiler.weighttile.EncodingTileCodec;
import org.nxm.compiler.weighttile.TileCodec;
import org.nxm.compiler.weighttile.WeightFormat;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.LoweredModel;
import org.nxm.compiler.program.GemmInfo;
import org.nxm.compiler.program.LayerSummary;
import org.nxm.compiler.program.MemoryLevel;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.TensorInfo;
import org.nxm.compiler.program.TensorKind;
import org.nxm.compiler.program.TileGraph;
import org.nxm.compiler.program.TileOp;
import org.nxm.compiler.schedule.Scheduler;
import org.nxm.compiler.target.Target;
import org.nxm.compiler.tile.CostModel;
import org.nxm.compiler.tile.GemmContext;
import org.nxm.compiler.tile.GemmPlan;
import org.nxm.compiler.mapping.GemmPlanner;
import org.nxm.compiler.validate.ProgramValidator;
import org.nxm.compiler.validate.WeightTileCheck;
import org.nxm.model.io.InputException;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;

/**
 * The compiler driver: lowered model + hardware + pattern (+ optional masked weights) → validated
 * {@link Program} for its {@link Target}. Passes: tile (per GEMM, {@link Target#plan}), encode and build graph and schedule
 * ({@link Scheduler}), validate ({@link ProgramValidator}, {@link WeightTileCheck}).
 */
public final class Compiler {
    private Compiler() {}

    /**
     * What to compile.
     *
     * @param model the lowered model ({@code Lowering.lower} or {@code Lowering.singleGemm})
     * @param hw the target
     * @param pattern N:M pattern of the Linear weights, or null for dense
     * @param weights masked dense Linear weights by tensor name (they must obey the pattern), or null for
     *        a shapes-only program
     * @param parameters bias / LayerNorm vectors by tensor name (with weights), or null
     */
    public record Request(LoweredModel model, HardwareConfig hw, NmPattern pattern, Function<String, Matrix> weights,
                          Function<String, float[]> parameters) {}

    /** A compiled program with its validation figures. */
    public record Result(Program program, ProgramValidator.Result validation, Map<String, Long> phaseMillis) {}

    public static Result compile(Request r) {
        return compile(r, (hw, g) -> Target.of(hw).plan(g));
    }

    /** Compiles with {@code planner} choosing each GEMM's mapping (the tiler's heuristic, or a {@link org.nxm.compiler.mapping.Mapper}). */
    public static Result compile(Request r, GemmPlanner planner) {
        long tStart = System.nanoTime();
        HardwareConfig hw = r.hw();
        Target target = Target.of(hw);
        NmPattern pattern = r.pattern() == null || r.pattern().isDense() ? null : r.pattern();
        if (pattern != null && !hw.supports(pattern)) {
            throw new InputException("hardware " + hw.name() + " cannot run pattern " + pattern + " (supports "
                    + (hw.sparsePatterns().isEmpty() ? "dense only" : hw.sparsePatterns().stream().map(Object::toString)
                    .reduce((a, b) -> a + ", " + b).orElse("")) + ")");
        }
        WeightFormat fmt = target.weightFormat(pattern);
        TileCodec codec = EncodingTileCodec.of(fmt); // refuses a layout/dtype combination the encoder cannot hold
        LoweredModel lm = r.model();
        // Linears lowered with sparseWeight = false keep a dense weight in an N:M program (a decoder's LM
        // head, or Linears the user leaves dense); shapes-only, since the weight check reads one format.
        WeightFormat denseFmt = WeightFormat.choose(hw, null);
        java.util.Set<Integer> denseWeights = new java.util.HashSet<>();
        for (LoweredModel.Stage st : lm.stages()) {
            if (st instanceof LoweredModel.Gemm g && !g.sparseWeight() && lm.tensors().get(g.a().tensor()).kind() == TensorKind.WEIGHT) {
                denseWeights.add(g.a().tensor());
            }
        }
        if (fmt.sparse() && !denseWeights.isEmpty() && r.weights() != null) {
            throw new IllegalArgumentException("a program with weights encodes every Linear in one format; dense Linears in an N:M program are shapes-only");
        }
        long l2Budget = hw.l2CapacityBytes() / 4;
        int elem = hw.dtype().bytes();
        List<TensorInfo> tensors = new ArrayList<>();
        for (LoweredModel.Tensor t : lm.tensors()) {
            long bytes;
            long meta = 0;
            MemoryLevel home;
            String pat = null;
            if (t.kind() == TensorKind.WEIGHT) {
                WeightFormat tf = denseWeights.contains(t.id()) ? denseFmt : fmt;
                if (tf.sparse()) tf.pattern().requireDivides(t.cols(), t.name());
                bytes = tf.valueBytes(t.rows(), t.cols());
                meta = tf.metadataBytes(t.rows(), t.cols());
                pat = tf.sparse() ? tf.pattern().toString() : null;
                home = MemoryLevel.DRAM;
            } else {
                bytes = (long) t.rows() * t.cols() * elem;
                boolean onChip = hw.l2() != null && bytes <= l2Budget
                        && (t.kind() == TensorKind.ACTIVATION);
                home = onChip ? MemoryLevel.L2 : MemoryLevel.DRAM;
            }
            tensors.add(new TensorInfo(t.id(), t.name(), t.kind(), t.rows(), t.cols(), hw.dtype(), home, pat, bytes, meta));
        }
        long t0 = System.nanoTime();
        Scheduler s = new Scheduler(hw, tensors, r.weights(), codec);
        Map<Integer, Long> layerCycles = new HashMap<>();
        Group group = null;
        Map<GemmContext, GemmPlan> plans = new HashMap<>();
        List<LoweredModel.Stage> stages = lm.stages();
        int[] groupSize = groupSizes(stages);
        for (int si = 0; si < stages.size(); si++) {
            LoweredModel.Stage stage = stages.get(si);
            if (stage instanceof LoweredModel.Gemm g) {
                boolean weightA = lm.tensors().get(g.a().tensor()).kind() == TensorKind.WEIGHT;
                WeightFormat wf = weightA ? (g.sparseWeight() ? fmt : denseFmt) : null;
                GemmContext ctx = new GemmContext(g.name(), g.m(), g.n(), g.k(), wf, tensors.get(g.a().tensor()).home(),
                        tensors.get(g.b().tensor()).home(), tensors.get(g.c().tensor()).home(),
                        Math.max(1, hw.cores() / groupSize[si]), g.epilogue());
                // Attention heads repeat one shape: plan it once.
                GemmContext cacheKey = new GemmContext("", ctx.m(), ctx.n(), ctx.k(), ctx.weight(), ctx.aHome(), ctx.bHome(), ctx.cHome(), ctx.cores(),
                        ctx.epilogue());
                GemmPlan plan = plans.computeIfAbsent(cacheKey, x -> planner.plan(hw, ctx));
                int partial = -1;
                if (plan.splits() > 1) {
                    long pb = (long) (plan.splits() - 1) * g.m() * g.n() * hw.dtype().accumulatorBytes();
                    partial = tensors.size();
                    tensors.add(new TensorInfo(partial, g.name() + ".partial", TensorKind.PARTIAL, (plan.splits() - 1) * g.m(), g.n(),
                            org.nxm.model.numeric.DType.F32,
                            hw.l2() != null && pb <= l2Budget ? MemoryLevel.L2 : MemoryLevel.DRAM, null, pb, 0));
                }
                s.gemm(g, plan, wf, partial, plan.estimatedCycles());
                // Consecutive GEMMs of one kind in one layer (attention heads) run concurrently: estimate them together.
                String key = groupKey(g);
                if (group != null && group.key.equals(key)) {
                    group.add(plan, hw);
                } else {
                    if (group != null) layerCycles.merge(group.layer, group.estimate(true), Long::sum);
                    group = new Group(key, g.layer());
                    group.add(plan, hw);
                }
            } else if (stage instanceof LoweredModel.Vector v) {
                if (group != null) {
                    layerCycles.merge(group.layer, group.estimate(true), Long::sum);
                    group = null;
                }
                s.vector(v);
                layerCycles.merge(v.layer(), vectorEstimate(hw, v), Long::sum);
            }
        }
        if (group != null) layerCycles.merge(group.layer, group.estimate(false), Long::sum);
        long t1 = System.nanoTime();
        TileGraph graph = new TileGraph(s.ops(), s.edges());
        long t2 = System.nanoTime();
        Map<Integer, float[]> params = new HashMap<>();
        if (r.weights() != null && r.parameters() != null) {
            for (TensorInfo t : tensors) {
                if (t.kind() != TensorKind.PARAMETER) continue;
                float[] v = r.parameters().apply(t.name());
                if (v != null) params.put(t.id(), v);
            }
        }
        List<LayerSummary> layers = summarize(lm, tensors, graph, s.gemms(), layerCycles);
        long total = layers.stream().mapToLong(LayerSummary::estimatedCycles).sum();
        Program p = new Program(Program.FORMAT_VERSION, hw.name(), hw.digest(), hw.toYaml(), lm.shape(),
                NmPattern.nameOf(pattern), hw.dtype(), fmt.layout(), tensors, s.gemms(), s.slots(), graph,
                layers, total, r.weights() == null ? Map.of() : s.encodedWeights(fmt.layout()), params);
        ProgramValidator.Result v;
        long t3 = System.nanoTime();
        try {
            v = ProgramValidator.validate(p, hw);
            WeightTileCheck.check(p, hw, r.weights());
        } catch (InputException e) {
            throw new IllegalStateException("compiler bug, the program failed validation: " + e.getMessage(), e);
        }
        long t4 = System.nanoTime();
        Map<String, Long> phases = new java.util.LinkedHashMap<>();
        phases.put("prepare", (t0 - tStart) / 1_000_000);
        phases.put("tile_encode_schedule", (t1 - t0) / 1_000_000);
        phases.put("graph", (t2 - t1) / 1_000_000);
        phases.put("summary", (t3 - t2) / 1_000_000);
        phases.put("validate", (t4 - t3) / 1_000_000);
        return new Result(p, v, phases);
    }

    private static String groupKey(LoweredModel.Gemm g) {
        return g.layer() + ":" + g.kind() + ":" + g.m() + "x" + g.n() + "x" + g.k();
    }

    /** For each stage, how many consecutive GEMMs of its group (same layer, kind and shape) run beside it. */
    private static int[] groupSizes(List<LoweredModel.Stage> stages) {
        int[] size = new int[stages.size()];
        int i = 0;
        while (i < stages.size()) {
            int j = i + 1;
            if (stages.get(i) instanceof LoweredModel.Gemm g && g.kind() != org.nxm.compiler.program.GemmKind.LINEAR) {
                while (j < stages.size() && stages.get(j) instanceof LoweredModel.Gemm h && groupKey(h).equals(groupKey(g))) j++;
            }
            for (int k = i; k < j; k++) size[k] = j - i;
            i = j;
        }
        return size;
    }

    private static long vectorEstimate(HardwareConfig hw, LoweredModel.Vector v) {
        long elements = (long) v.rows() * v.cols();
        int cores = Math.max(1, Math.min(hw.cores(), v.rows() / Scheduler.MIN_VECTOR_ROWS));
        long compute = (long) Math.ceil(elements / (hw.vectorElementsPerCycle() * cores));
        long bytes = elements * hw.dtype().bytes() * (v.inputs().size() >= 2 && v.kind() == org.nxm.compiler.program.VectorKind.ADD ? 3 : 2);
        double bw = hw.l2() != null ? hw.l2().bytesPerCycle() : hw.dramBytesPerCycle();
        long mem = Double.isInfinite(bw) ? 0 : (long) Math.ceil(bytes / bw);
        return Math.max(compute, mem) + (hw.dram() == null ? 0 : hw.dram().latencyCycles() / 2);
    }

    /**
     * Concurrent GEMMs of one shape (the attention heads of a layer): their work units share the cores,
     * so per-core time is (all units / cores) × the per-unit time; memory times add; fill counts once.
     */
    private static final class Group {
        final String key;
        final int layer;
        long units;
        double unitCycles;
        long dram, l2, fill;
        int cores = 1;

        Group(String key, int layer) {
            this.key = key;
            this.layer = layer;
        }

        void add(GemmPlan plan, HardwareConfig hw) {
            CostModel.Breakdown b = plan.breakdown();
            cores = hw.cores();
            long perCore = (plan.units() + cores - 1) / cores;
            units += plan.units();
            unitCycles = Math.max(unitCycles, b.computeCycles() / (double) Math.max(1, perCore));
            dram += b.dramCycles();
            l2 += b.l2Cycles();
            fill = Math.max(fill, b.fillCycles());
        }

        /**
         * @param followed whether later stages follow in the program. Alone, a group runs whole waves: its last,
         *                 partly filled wave leaves cores idle until it ends. Followed by more work, those cores
         *                 start the next stage's units (the engine issues every op as soon as its inputs and
         *                 resources allow; there is no barrier between stages), so the group costs its fractional
         *                 waves, but never less than one unit's time (a few units cannot be spread thinner).
         *                 Measured on BERT-base batch 16 (a100, 2:4, layer 4): the attention scores' first MMA
         *                 starts 14,000 cycles before q/k/v's last store (288 units on 108 cores: 2.67 waves), the
         *                 FFN's second GEMM 23,660 before the first GEMM's (1.78 waves); the run is 1,478,204
         *                 cycles against 1,703,628 estimated with whole waves everywhere, 1,602,051 with this rule.
         */
        long estimate(boolean followed) {
            double waves = followed ? Math.max(1.0, (double) units / cores) : (units + cores - 1) / cores;
            long compute = (long) Math.ceil(waves * unitCycles);
            return Math.max(compute, Math.max(dram, l2)) + fill;
        }
    }

    private static List<LayerSummary> summarize(LoweredModel lm, List<TensorInfo> tensors, TileGraph g, List<GemmInfo> gemms,
                                                Map<Integer, Long> layerCycles) {
        int n = lm.shape().layers();
        long[] ops = new long[n], mma = new long[n], macs = new long[n], dmacs = new long[n], act = new long[n], wload = new long[n];
        long[] dense = new long[n], values = new long[n], meta = new long[n];
        for (TileOp op : g.ops()) {
            int l = op.layer();
            ops[l]++;
            if (op instanceof TileOp.Mma m) {
                mma[l] += m.mmaCount();
                macs[l] += m.macs();
            } else if (op instanceof TileOp.LoadWeightValues || op instanceof TileOp.LoadMetadata) {
                wload[l] += op.bytes();
            } else {
                act[l] += op.bytes();
            }
        }
        for (GemmInfo gi : gemms) dmacs[gi.layer()] += gi.denseMacs();
        for (GemmInfo gi : gemms) {
            TensorInfo a = tensors.get(gi.a().tensor());
            if (a.kind() == TensorKind.WEIGHT) {
                dense[gi.layer()] += a.denseBytes();
                values[gi.layer()] += a.bytes();
                meta[gi.layer()] += a.metadataBytes();
            }
        }
        List<LayerSummary> out = new ArrayList<>();
        for (int l = 0; l < n; l++) {
            out.add(new LayerSummary(l, ops[l], mma[l], macs[l], dmacs[l], dense[l], values[l], meta[l], act[l], wload[l],
                    layerCycles.getOrDefault(l, 0L)));
        }
        return out;
    }
}
