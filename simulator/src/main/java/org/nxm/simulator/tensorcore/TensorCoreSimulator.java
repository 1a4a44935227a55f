package org.nxm.simulator.tensorcore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nxm.simulator.engine.EventDrivenEngine;
import org.nxm.simulator.engine.OpGraph;
import org.nxm.simulator.engine.Schedule;
import org.nxm.simulator.engine.TimingEngine;
import org.nxm.simulator.energy.TensorCoreActions;
import org.nxm.simulator.report.LayerStats;
import org.nxm.traces.analysis.LayerShares;
import org.nxm.simulator.report.LevelStats;
import org.nxm.simulator.report.SimReport;
import org.nxm.simulator.report.StallBreakdown;
import org.nxm.traces.EventKind;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.TraceSink;
import org.nxm.traces.UnitKind;

/**
 * Runs a {@link TcProgram} on a tensor-core machine: maps it, schedules it with a timing engine, and
 * derives the report; optionally streams every resource occupancy and stall to a trace sink. The
 * report is computed from exactly the events sent to the sink, so a trace summary agrees with it.
 */
public final class TensorCoreSimulator {
    /** Windows the run is cut into for peak bandwidth. */
    static final int BANDWIDTH_WINDOWS = 1000;

    private final TensorCoreMachine machine;
    private final TimingEngine engine;

    public TensorCoreSimulator(TensorCoreParams hw) { this(hw, new EventDrivenEngine()); }

    public TensorCoreSimulator(TensorCoreParams hw, TimingEngine engine) {
        this.machine = new TensorCoreMachine(hw);
        this.engine = engine;
    }

    public TensorCoreMachine machine() { return machine; }

    /** The trace header for this machine and program: one unit per resource, in resource order. */
    public TraceHeader traceHeader(TcProgram p, String hardwareDigest, java.util.Map<String, String> meta) {
        TensorCoreParams hw = machine.params();
        TraceHeader.Builder b = TraceHeader.builder().hardware(hw.name(), hardwareDigest).clockHz(hw.clockHz());
        int shared = b.memoryLevel("shared", hw.cores() * hw.sharedBytesPerCycle());
        int metadata = b.memoryLevel("metadata", hw.cores() * hw.metadataBytesPerCycle());
        int l2 = b.memoryLevel("l2", hw.l2Bytes() > 0 ? hw.l2BytesPerCycle() : 0);
        int dram = b.memoryLevel("dram", hw.dramBytesPerCycle());
        for (int c = 0; c < hw.cores(); c++) {
            b.unit("core" + c, UnitKind.CORE, -1, hw.denseMacsPerCyclePerCore());
            b.unit("core" + c + ".meta", UnitKind.MEMORY_LEVEL, metadata, hw.metadataBytesPerCycle());
            b.unit("core" + c + ".smem", UnitKind.MEMORY_LEVEL, shared, hw.sharedBytesPerCycle());
            b.unit("core" + c + ".vec", UnitKind.VECTOR_UNIT, -1, hw.vectorElementsPerCycle());
        }
        b.unit("l2", UnitKind.MEMORY_LEVEL, l2, hw.l2BytesPerCycle());
        b.unit("dram", UnitKind.DRAM_CHANNEL, dram, hw.dramBytesPerCycle());
        for (String layer : p.layerNames()) b.layer(layer);
        meta.forEach(b::meta);
        b.meta("dram.channels", Integer.toString(hw.dramChannels()));
        return b.build();
    }

    public SimReport run(TcProgram p, String pattern) { return run(p, pattern, TraceSink.none()); }

    public SimReport run(TcProgram p, String pattern, TraceSink sink) {
        TensorCoreMachine.Mapped m = machine.map(p);
        Schedule s = engine.run(m.graph());
        return report(m, s, pattern, sink);
    }

    /**
     * A run of pieces that follow one another (a {@code decoder} chain: each layer's ops start after the
     * previous layer's have finished), with the stall breakdown split by time window: window l runs from
     * the previous layer's last finish (0 for the first) to layer l's last finish (the run's end for the
     * last layer), and every compute or idle stretch counts in the windows it overlaps, classified as in
     * the whole run. The windows' breakdowns add up to the run's.
     */
    public PiecewiseRun runPiecewise(TcProgram p, String pattern, TensorCoreMachine.L2Probe probe) {
        return runPiecewise(p, pattern, probe, null);
    }

    /** The same, streaming the run's events to the trace {@code open} gives, as {@link #runThenTrace} does (null: no trace). */
    public PiecewiseRun runPiecewise(TcProgram p, String pattern, TensorCoreMachine.L2Probe probe,
                                     java.util.function.Function<SimReport, TraceSink> open) {
        TensorCoreMachine.Mapped m = machine.map(p, probe);
        Schedule s = engine.run(m.graph());
        SimReport r = report(m, s, pattern, TraceSink.none());
        if (open != null) {
            try (TraceSink sink = open.apply(r)) {
                report(m, s, pattern, sink);
            }
        }
        int layers = p.layerNames().size();
        long[] ends = new long[layers];
        for (int i = 0; i < s.start().length; i++) {
            int l = p.op(i).layer();
            if (l >= 0 && l < layers) ends[l] = Math.max(ends[l], s.finish(i));
        }
        ends[layers - 1] = s.makespan();
        StallWindows windows = new StallWindows(ends, machine.params().cores());
        stalls(m, s, TraceSink.none(), windows);
        return new PiecewiseRun(r, windows);
    }

    /** A run and its stall breakdown per layer window ({@link #runPiecewise}). */
    public record PiecewiseRun(SimReport report, StallWindows windows) {}

    /**
     * Runs, then opens the trace with the finished report in hand (so its header can carry totals such
     * as energy) and streams the run's events into it: the same events {@link #run(TcProgram, String, TraceSink)} sends.
     */
    public SimReport runThenTrace(TcProgram p, String pattern, java.util.function.Function<SimReport, TraceSink> open) {
        TensorCoreMachine.Mapped m = machine.map(p);
        Schedule s = engine.run(m.graph());
        SimReport r = report(m, s, pattern, TraceSink.none());
        try (TraceSink sink = open.apply(r)) {
            report(m, s, pattern, sink);
        }
        return r;
    }

    private SimReport report(TensorCoreMachine.Mapped m, Schedule s, String pattern, TraceSink sink) {
        TensorCoreParams hw = machine.params();
        OpGraph g = m.graph();
        TcProgram p = m.program();
        int n = g.opCount();
        long cycles = s.makespan();
        int levelsCount = 4; // shared, metadata, l2, dram
        long[] levelBytes = new long[levelsCount];
        long window = Math.max(1, (cycles + BANDWIDTH_WINDOWS - 1) / BANDWIDTH_WINDOWS);
        int buckets = (int) Math.max(1, (cycles + window - 1) / window);
        double[][] perWindow = new double[levelsCount][buckets];
        long macs = 0, denseEq = 0, instrs = 0;
        int layerCount = p.layerNames().size();
        long[] layerFirst = new long[layerCount];
        long[] layerLast = new long[layerCount];
        long[] layerMacs = new long[layerCount];
        long[] layerDram = new long[layerCount];
        Arrays.fill(layerFirst, Long.MAX_VALUE);
        boolean tracing = sink.isEnabled();

        for (int i = 0; i < n; i++) {
            macs += m.usefulMacs()[i];
            denseEq += m.denseEquivalentMacs()[i];
            instrs += m.issuedMmaInstructions()[i];
            int layer = p.op(i).layer();
            if (layer >= 0 && layer < layerCount) {
                layerFirst[layer] = Math.min(layerFirst[layer], s.start(i));
                layerLast[layer] = Math.max(layerLast[layer], s.finish(i));
                layerMacs[layer] += m.usefulMacs()[i];
            }
            for (int k = 0; k < g.useCount(i); k++) {
                int r = g.useResource(i, k);
                long occ = g.useOccupancy(i, k);
                long bytes = m.bytesOnResource()[i][k];
                int level = levelOf(r);
                if (level >= 0 && bytes > 0) {
                    levelBytes[level] += bytes;
                    spread(perWindow[level], window, s.start(i), occ, bytes);
                    if (level == 3 && layer >= 0 && layer < layerCount) layerDram[layer] += bytes;
                }
                if (tracing) {
                    EventKind kind = eventKind(m.kind()[i], r, level);
                    long evMacs = isCoreMma(r) ? m.usefulMacs()[i] : 0;
                    long evBytes = kind.isTransfer() ? bytes : 0;
                    sink.event(kind, r, s.start(i), occ, layer, p.sourceId(i), evBytes, evMacs);
                }
            }
        }
        StallBreakdown stalls = stalls(m, s, sink, null);
        List<LevelStats> levels = new ArrayList<>();
        String[] names = {"shared", "metadata", "l2", "dram"};
        double[] capacity = {hw.cores() * hw.sharedBytesPerCycle(), hw.cores() * hw.metadataBytesPerCycle(),
                hw.l2Bytes() > 0 ? hw.l2BytesPerCycle() : 0, hw.dramBytesPerCycle()};
        for (int l = 0; l < levelsCount; l++) {
            double peak = 0;
            for (int b = 0; b < buckets; b++) {
                long len = Math.min(window, cycles - (long) b * window);
                if (len > 0) peak = Math.max(peak, perWindow[l][b] / len);
            }
            levels.add(new LevelStats(names[l], levelBytes[l], cycles == 0 ? 0 : (double) levelBytes[l] / cycles,
                    peak, window, capacity[l]));
        }
        List<LayerStats> layers = new ArrayList<>();
        long[] lastOrNone = new long[layerCount];
        for (int l = 0; l < layerCount; l++) lastOrNone[l] = layerFirst[l] == Long.MAX_VALUE ? -1 : layerLast[l];
        long[] own = LayerShares.of(0, lastOrNone);
        for (int l = 0; l < layerCount; l++) {
            if (layerFirst[l] == Long.MAX_VALUE) continue;
            layers.add(new LayerStats(p.layerNames().get(l), layerFirst[l], layerLast[l], layerMacs[l], layerDram[l], own[l]));
        }
        double peakMacs = hw.peakDenseMacsPerCycle();
        double util = cycles == 0 ? 0 : macs / (peakMacs * cycles);
        return new SimReport(hw.name(), pattern, engine instanceof EventDrivenEngine ? "event-driven" : "cycle-stepped",
                cycles, hw.clockHz(), macs, denseEq, instrs, peakMacs, util, levels, stalls, layers, n,
                m.fallbacks(), m.warnings(), 0, TensorCoreActions.count(machine, m));
    }

    /** Memory level index of a resource (0 shared, 1 metadata, 2 l2, 3 dram), or -1. */
    private int levelOf(int r) {
        if (r == machine.l2Resource()) return 2;
        if (r == machine.dramResource()) return 3;
        int unit = r % TensorCoreMachine.PER_CORE;
        if (unit == TensorCoreMachine.SMEM) return 0;
        if (unit == TensorCoreMachine.META) return 1;
        return -1;
    }

    private boolean isCoreMma(int r) {
        return r < machine.l2Resource() && r % TensorCoreMachine.PER_CORE == TensorCoreMachine.MMA;
    }

    /** The event kind on one resource: the op's own kind on its unit, operand fetch on the buffers. */
    private static EventKind eventKind(EventKind opKind, int r, int level) {
        if (opKind.isTransfer()) return opKind;
        if (level == 1) return EventKind.LOAD_METADATA;       // metadata fetch/decode of a sparse MMA
        if (level == 0) return EventKind.LOAD_ACTIVATIONS;    // operand fetch from the shared buffer
        return opKind;
    }

    private static void spread(double[] perWindow, long window, long start, long occ, long bytes) {
        double rate = (double) bytes / occ;
        long t = start;
        long end = start + occ;
        while (t < end) {
            int b = (int) (t / window);
            if (b >= perWindow.length) break;
            long bucketEnd = Math.min(end, (b + 1L) * window);
            perWindow[b] += rate * (bucketEnd - t);
            t = bucketEnd;
        }
    }

    /** Cores' compute time and the classified idle stretches between (see {@link StallBreakdown}). */
    private StallBreakdown stalls(TensorCoreMachine.Mapped m, Schedule s, TraceSink sink, StallWindows windows) {
        TensorCoreParams hw = machine.params();
        OpGraph g = m.graph();
        TcProgram p = m.program();
        int n = g.opCount();
        long cycles = s.makespan();
        // Compute intervals per core: [start, start + occupancy of its MMA pipe or vector unit).
        int[] count = new int[hw.cores()];
        for (int i = 0; i < n; i++) if (isCompute(p.op(i))) count[m.core()[i]]++;
        long[][] startOf = new long[hw.cores()][];
        long[][] endOf = new long[hw.cores()][];
        int[][] opOf = new int[hw.cores()][];
        for (int c = 0; c < hw.cores(); c++) {
            startOf[c] = new long[count[c]];
            endOf[c] = new long[count[c]];
            opOf[c] = new int[count[c]];
        }
        int[] fill = new int[hw.cores()];
        for (int i = 0; i < n; i++) {
            if (!isCompute(p.op(i))) continue;
            int c = m.core()[i];
            int k = fill[c]++;
            startOf[c][k] = s.start(i);
            endOf[c][k] = s.start(i) + g.useOccupancy(i, 0);   // the pipe / vector unit is resource 0
            opOf[c][k] = i;
        }
        long compute = 0, memory = 0, dependency = 0;
        for (int c = 0; c < hw.cores(); c++) {
            Integer[] order = new Integer[count[c]];
            for (int k = 0; k < order.length; k++) order[k] = k;
            final int core = c;
            Arrays.sort(order, (a, b) -> startOf[core][a] != startOf[core][b]
                    ? Long.compare(startOf[core][a], startOf[core][b]) : Integer.compare(opOf[core][a], opOf[core][b]));
            long covered = 0;     // compute busy up to here
            int unit = TensorCoreMachine.coreResource(c, TensorCoreMachine.MMA);
            for (Integer k : order) {
                long st = startOf[c][k];
                long en = endOf[c][k];
                if (st > covered) {
                    int op = opOf[c][k];
                    boolean mem = waitedOnMemory(op, m, s);
                    long gap = st - covered;
                    if (mem) memory += gap; else dependency += gap;
                    if (windows != null) windows.stall(c, covered, st, mem, covered > 0);
                    if (sink.isEnabled()) {
                        sink.event(mem ? EventKind.STALL_MEMORY : EventKind.STALL_DEPENDENCY, unit, covered, gap,
                                p.op(op).layer(), p.sourceId(op), 0, 0);
                    }
                }
                if (en > covered) {
                    compute += en - Math.max(st, covered);
                    if (windows != null) windows.compute(Math.max(st, covered), en);
                    covered = en;
                }
            }
            if (cycles > covered) {
                dependency += cycles - covered;
                if (windows != null) windows.stall(c, covered, cycles, false, covered > 0);
                if (sink.isEnabled()) sink.event(EventKind.STALL_DEPENDENCY, unit, covered, cycles - covered, -1, -1, 0, 0);
            }
        }
        return new StallBreakdown(compute, memory, dependency);
    }

    private static boolean isCompute(TcOp op) { return op instanceof TcOp.Mma || op instanceof TcOp.Vector; }

    /** Did this op start late because of memory: a port it needed, or its last input being a transfer? */
    private static boolean waitedOnMemory(int op, TensorCoreMachine.Mapped m, Schedule s) {
        OpGraph g = m.graph();
        long ready = 0;
        int critical = -1;
        for (int k = 0; k < g.depCount(op); k++) {
            int d = g.dep(op, k);
            if (s.finish(d) > ready || critical < 0) {
                if (s.finish(d) >= ready) { ready = s.finish(d); critical = d; }
            }
        }
        if (ready < s.start(op)) return true;           // ready earlier: held up by a buffer or metadata port
        if (critical < 0) return false;
        TcOp c = m.program().op(critical);
        return c instanceof TcOp.Load || c instanceof TcOp.Store;
    }
}
