package org.nxm.simulator.decoder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nxm.compiler.Compiler;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.LoweredModel;
import org.nxm.compiler.mapping.GemmPlanner;
import org.nxm.compiler.lower.decoder.DecoderLowering;
import org.nxm.compiler.lower.decoder.DecoderWorkload;
import org.nxm.compiler.lower.decoder.Phase;
import org.nxm.compiler.program.GemmInfo;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.TensorInfo;
import org.nxm.compiler.program.TensorKind;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.simulator.report.LayerStats;
import org.nxm.simulator.report.SimReport;
import org.nxm.simulator.report.StallBreakdown;
import org.nxm.simulator.tensorcore.HardwareParams;
import org.nxm.simulator.tensorcore.KernelFixedCost;
import org.nxm.simulator.tensorcore.ProgramAdapter;
import org.nxm.simulator.tensorcore.StallWindows;
import org.nxm.simulator.tensorcore.TcProgram;
import org.nxm.simulator.tensorcore.TensorCoreMachine;
import org.nxm.simulator.tensorcore.TensorCoreSimulator;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.TraceSink;

/**
 * Times one pass (prefill or decode step) of a decoder on the tensor-core template, cycle by cycle.
 *
 * <p>The pass is the model's blocks and then its head, chained as kernels ({@link LayerChain}). Every
 * block compiles to the same program, so one block is compiled and the chain repeats it.
 *
 * <p>Aggregation of identical blocks, and why it is exact. A block's schedule depends on nothing before
 * it but the L2's contents when it starts: (1) which loads hit in L2 is decided in program order by an
 * LRU over tile lines ({@code TensorCoreMachine}), independent of timing; (2) the engine is memoryless
 * across the barrier between pieces: every op of the previous piece has finished, so every resource is
 * idle and no op waits, and ops are tried in their relative program order, so the block's schedule is the
 * same schedule shifted in time. The chain is simulated with {@value #SIMULATED_BLOCKS} blocks and the
 * head, and the L2's contents are read at the end of every simulated block, tensor ids made relative to
 * the block. When blocks i and i+1 end with equal contents, block i+2 starts from what block i+1 started
 * from, so by induction every later block repeats block i+1 exactly, and the head after block L sees what
 * it sees after the last simulated block. The pass is then the simulated pieces plus (L − simulated) ×
 * block i+1, in cycles, DRAM bytes and MACs. The stall breakdown is split by each piece's time window
 * ({@link StallWindows}); an idle stretch that crosses a barrier is classified by the op that ends it, in
 * the next piece, so an unsimulated block (a block follows it) counts as block i+1's window where a block
 * follows block i+1 in the chain, and otherwise as that window with each core's outgoing stretch re-classed
 * like block i+1's incoming one (the op that would end it is a block's first op on that core); the last
 * simulated block, which the head follows, stands for block L. An L2 that holds more than one block keeps
 * lines of the block before the previous one at first (block 1 has no predecessor): the steady state comes
 * a block or two later, and up to {@value #MAX_PROBED_BLOCKS} blocks are simulated to find it; failing that,
 * every block is. {@code DecoderSimulationTest} checks the aggregated pass against the fully simulated chain. Kernel fixed costs
 * ({@link KernelFixedCost}, the same code path as every other tensor-core run) are added per piece.
 */
public final class DecoderSimulation {
    /** Blocks simulated before extrapolating: the first (cold L2) and the second (the repeated block). */
    static final int SIMULATED_BLOCKS = 2;
    /** Blocks simulated when the steady state is not reached by the second block, before simulating them all. */
    static final int MAX_PROBED_BLOCKS = 6;

    private final HardwareConfig hw;
    private final boolean aggregate;
    private final GemmPlanner planner;

    public DecoderSimulation(HardwareConfig hw) { this(hw, true); }

    /** @param aggregate false simulates every block (the reference the aggregated run is tested against) */
    public DecoderSimulation(HardwareConfig hw, boolean aggregate) { this(hw, aggregate, null); }

    /**
     * @param planner chooses each GEMM's mapping (issue 15's {@link org.nxm.compiler.mapping.Mapper}: one search per
     *                (shape, weight format, hardware), cached across passes and blocks); null: the tiler's heuristic
     */
    public DecoderSimulation(HardwareConfig hw, boolean aggregate, GemmPlanner planner) {
        this.hw = hw;
        this.aggregate = aggregate;
        this.planner = planner;
    }

    /**
     * One pass with its weights N:M ({@code pattern}; null = dense): every block of the model, then the head.
     */
    public PassResult run(DecoderWorkload w, NmPattern pattern) { return run(w, pattern, null); }

    /**
     * The same, with a trace of the simulated chain (the blocks simulated cycle by cycle and the head: the
     * blocks not simulated repeat one of them, so the trace holds every distinct block schedule of the pass).
     *
     * @param traceOpener given the trace header, opens the sink; null: no trace
     */
    public PassResult run(DecoderWorkload w, NmPattern pattern, Function<TraceHeader, TraceSink> traceOpener) {
        long t0 = System.nanoTime();
        Program block = compile(DecoderLowering.block(w, 0), pattern);
        Program head = compile(DecoderLowering.head(w), pattern);
        long t1 = System.nanoTime();
        int layers = w.config().layers();
        int simulated = aggregate ? Math.min(layers, SIMULATED_BLOCKS) : layers;
        Chain c = simulate(w, block, head, simulated, pattern, traceOpener);
        while (aggregate && c.repeated() < 0 && simulated < layers) {
            // The L2 carries more than one block's lines: look for the steady state a little further, then give up.
            // A trace is rewritten with the longer chain.
            simulated = simulated < MAX_PROBED_BLOCKS ? Math.min(layers, MAX_PROBED_BLOCKS) : layers;
            c = simulate(w, block, head, simulated, pattern, traceOpener);
        }
        boolean aggregated = simulated < layers;
        long t2 = System.nanoTime();
        long cycles = 0, dram = 0, macs = 0;
        long[] stalls = new long[3];
        for (int i = 0; i < c.cycles.length; i++) {
            cycles += c.cycles[i];
            dram += c.dram[i];
            macs += c.macs[i];
            add(stalls, c.windows.breakdown(i), 1);
        }
        // > 0 only when aggregated: the blocks not simulated repeat block r = c.repeated(), each followed by a block.
        int extra = layers - simulated;
        if (extra > 0) {
            int r = c.repeated();
            cycles += extra * c.cycles[r];
            dram += extra * c.dram[r];
            macs += extra * c.macs[r];
            add(stalls, c.repeatedStalls(), extra);
        }
        // Bytes through the shared buffers and the L2 do not depend on L2 hits (every load crosses both),
        // so the unsimulated blocks add the simulated blocks' average exactly; the head's share comes
        // from a run of the head alone.
        long shared = c.report.level("shared").bytes(), l2 = c.report.level("l2").bytes();
        if (extra > 0) {
            SimReport h = new TensorCoreSimulator(HardwareParams.from(hw)).run(ProgramAdapter.adapt(head), "head");
            shared += extra * (shared - h.level("shared").bytes()) / simulated;
            l2 += extra * (l2 - h.level("l2").bytes()) / simulated;
        }
        long fixed = layers * KernelFixedCost.of(hw.kernel(), hw.cores(), block) + KernelFixedCost.of(hw.kernel(), hw.cores(), head);
        long denseMacs = layers * denseMacs(block) + denseMacs(head);
        long weightBytes = layers * weightBytes(block) + weightBytes(head);
        int elem = hw.dtype().bytes();
        long kvRead = w.phase() == Phase.DECODE ? layers * 2L * w.batch() * w.context() * w.config().kvWidth() * elem : 0;
        long kvWritten = layers * 2L * w.tokens() * w.config().kvWidth() * elem;
        int blockIndex = aggregated ? c.repeated() : Math.min(1, simulated - 1);
        // The sustained MMA rate (a power limit) acts on the pass's average, as for any other run.
        long sustained = hw.kernel().sustainedCycles(cycles, macs, c.report.peakMacsPerCycle());
        List<String> warnings = c.report.warnings();
        if (sustained > cycles) {
            warnings = new ArrayList<>(warnings);
            warnings.add(String.format(java.util.Locale.ROOT, "%,d cycles added: the executed MACs exceed the sustained MMA rate"
                    + " (kernel.sustained_mma_fraction %.3f of the peak)", sustained - cycles, hw.kernel().sustainedMmaFraction()));
        }
        return new PassResult(pattern == null ? "dense" : pattern.toString(), sustained + fixed, hw.clockHz(), dram, shared, l2, macs, denseMacs,
                weightBytes, kvRead, kvWritten, c.cycles[0], c.cycles[blockIndex], c.cycles[c.cycles.length - 1],
                simulated, aggregated, c.report.ops(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, warnings,
                fixed, new StallBreakdown(stalls[0], stalls[1], stalls[2]), c.report.cycles());
    }

    private static void add(long[] sum, StallBreakdown s, long times) {
        sum[0] += times * s.computeCycles();
        sum[1] += times * s.memoryStallCycles();
        sum[2] += times * s.dependencyStallCycles();
    }

    private Program compile(LoweredModel m, NmPattern pattern) {
        Compiler.Request r = new Compiler.Request(m, hw, pattern, null, null);
        return (planner == null ? Compiler.compile(r) : Compiler.compile(r, planner)).program();
    }

    private Chain simulate(DecoderWorkload w, Program block, Program head, int blocks, NmPattern pattern,
                           Function<TraceHeader, TraceSink> traceOpener) {
        TcProgram blockTc = ProgramAdapter.adapt(block);
        TcProgram headTc = ProgramAdapter.adapt(head);
        List<LayerChain.Piece> pieces = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < blocks; i++) {
            pieces.add(new LayerChain.Piece(blockTc, block.tensors().size(), tensor(block, "input"), tensor(block, "output")));
            names.add("layer" + i);
        }
        pieces.add(new LayerChain.Piece(headTc, head.tensors().size(), -1, -1));
        names.add("head");
        TcProgram chain = LayerChain.chain(pieces, names);
        // The L2's contents at the end of every block (before the barrier that closes it), tensor ids relative to the block.
        int[] before = new int[blocks], shifts = new int[blocks];
        for (int i = 0; i < blocks; i++) {
            before[i] = (i + 1) * blockTc.size() + i;   // blocks 0..i and the i barriers between them come first
            shifts[i] = i * block.tensors().size();
        }
        TensorCoreMachine.L2Probe probe = new TensorCoreMachine.L2Probe(before, shifts, new ArrayList<>());
        TensorCoreSimulator sim = new TensorCoreSimulator(HardwareParams.from(hw));
        String label = pattern == null ? "dense" : pattern.toString();
        Function<SimReport, TraceSink> open = null;
        if (traceOpener != null) {
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("model", w.config().name());
            meta.put("phase", w.phase().label());
            meta.put("batch", Integer.toString(w.batch()));
            meta.put("seq", Integer.toString(w.seq()));
            meta.put("context", Integer.toString(w.context()));
            meta.put("pattern", label);
            meta.put("simulator", "nxm tensor-core, decoder chain");
            meta.put("decoder.layers", Integer.toString(w.config().layers()));
            meta.put("decoder.blocks_traced", Integer.toString(blocks));
            open = report -> traceOpener.apply(sim.traceHeader(chain, hw.digest(), meta));
        }
        TensorCoreSimulator.PiecewiseRun run = sim.runPiecewise(chain, label, probe, open);
        SimReport r = run.report();
        int n = blocks + 1;
        long[] cycles = new long[n], dram = new long[n], macs = new long[n];
        long previousEnd = 0;
        List<LayerStats> spans = r.layers();
        for (int i = 0; i < n; i++) {
            LayerStats s = spans.get(i);
            if (!s.name().equals(names.get(i))) throw new IllegalStateException("piece " + names.get(i) + " has no ops");
            long end = i == n - 1 ? r.cycles() : s.lastCycle();
            cycles[i] = end - previousEnd;
            previousEnd = end;
            dram[i] = s.dramBytes();
            macs[i] = s.macs();
        }
        // Blocks i and i+1 ended with the same lines: blocks i+1, i+2, ... all start from the same state and
        // repeat block i+1. An unsimulated block is followed by a block: block i+1's window as it is when a
        // block follows it in the chain, else re-classed as if one did (StallWindows.followedBy).
        StallWindows windows = run.windows();
        for (int i = 0; i + 1 < blocks; i++) {
            if (!Arrays.equals(probe.contents().get(i), probe.contents().get(i + 1))) continue;
            int rep = i + 1;
            StallBreakdown followed = rep + 1 < blocks ? windows.breakdown(rep) : windows.followedBy(rep, rep);
            if (followed != null) return new Chain(r, cycles, dram, macs, windows, rep, followed);
        }
        return new Chain(r, cycles, dram, macs, windows, -1, null);
    }

    private static int tensor(Program p, String name) {
        for (TensorInfo t : p.tensors()) if (t.name().equals(name)) return t.id();
        throw new IllegalStateException("program has no tensor " + name);
    }

    private static long denseMacs(Program p) {
        long s = 0;
        for (GemmInfo g : p.gemms()) s += g.denseMacs();
        return s;
    }

    private static long weightBytes(Program p) {
        long s = 0;
        for (TensorInfo t : p.tensors()) if (t.kind() == TensorKind.WEIGHT) s += t.bytes() + t.metadataBytes();
        return s;
    }

    /**
     * Per-piece cycles, DRAM bytes, MACs and stall windows of one simulated chain (blocks, then the head).
     *
     * @param repeated       the first block index from which every block starts from the same L2 contents (relative
     *                       to the block), or -1 when the simulated blocks do not show it
     * @param repeatedStalls the stall breakdown of an unsimulated block (block {@code repeated} followed by a block)
     */
    private record Chain(SimReport report, long[] cycles, long[] dram, long[] macs, StallWindows windows, int repeated,
                         StallBreakdown repeatedStalls) {}
}
