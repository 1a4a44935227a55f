package org.nxm.simulator.tensorcore;

import org.nxm.simulator.memory.LruL2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.simulator.engine.OpGraph;
import org.nxm.traces.EventKind;

/**
 * The tensor-core template: turns a {@link TcProgram} into resource occupancies ({@link OpGraph}) on
 * this machine, and keeps, per op, what the report and the trace need (bytes per level, MACs, kind).
 *
 * <p>Resources, each a timeline of busy cycles: per core its MMA pipe (all its tensor cores issuing
 * together), its metadata fetch/decode unit, its shared-buffer port (all banks; tile fills from L2 and
 * operand reads by the MMAs share it), its vector unit; chip-wide the L2 and DRAM (channels
 * interleaved, so they act as one pipe of the aggregate bandwidth).
 *
 * <p>Which loads hit in L2 is decided in program order by an LRU over tile keys (write-allocate for
 * stores). It does not depend on timing, so both engines see the same program.
 */
public final class TensorCoreMachine {
    /** Resource index of a per-core unit. */
    public static final int MMA = 0, META = 1, SMEM = 2, VEC = 3, PER_CORE = 4;

    private final TensorCoreParams hw;

    public TensorCoreMachine(TensorCoreParams hw) { this.hw = hw; }

    public TensorCoreParams params() { return hw; }

    public int resourceCount() { return hw.cores() * PER_CORE + 2; }
    public int l2Resource() { return hw.cores() * PER_CORE; }
    public int dramResource() { return hw.cores() * PER_CORE + 1; }
    public static int coreResource(int core, int unit) { return core * PER_CORE + unit; }

    /** A program mapped onto the machine, ready for an engine. */
    public record Mapped(TcProgram program, OpGraph graph, EventKind[] kind, int[] core, long[] usefulMacs,
                         long[] denseEquivalentMacs, long[] issuedMmaInstructions,
                         long[][] bytesOnResource, long fallbacks, List<String> warnings) {}

    /**
     * Maps the program. L2 hits are decided by replaying the loads and stores in program (priority)
     * order, which interleaves the cores ({@link TcProgram#interleavedByCore}) the way they run.
     */
    public Mapped map(TcProgram p) { return map(p, L2Probe.NONE); }

    /**
     * Where to read the L2's contents during the program-order replay: just before op {@code beforeOps[i]},
     * with tensor ids shifted down by {@code tensorShifts[i]} ({@link LruL2#contents}); {@code contents} receives
     * them in order (empty arrays when the machine has no L2).
     */
    public record L2Probe(int[] beforeOps, int[] tensorShifts, List<long[]> contents) {
        public static final L2Probe NONE = new L2Probe(new int[0], new int[0], new ArrayList<>());
    }

    /** Maps the program, reading the L2's contents where {@code probe} asks. */
    public Mapped map(TcProgram p, L2Probe probe) {
        int n = p.size();
        long[] missBytes = l2Misses(p, probe);
        int e = hw.elementBytes();
        EventKind[] kind = new EventKind[n];
        int[] core = new int[n];
        long[] useful = new long[n];
        long[] denseEq = new long[n];
        long[] instrs = new long[n];
        int[][] res = new int[n][];
        long[][] occ = new long[n][];
        long[][] bytes = new long[n][];
        long[] latency = new long[n];
        boolean[] mma = new boolean[n];
        long fallbacks = 0;
        Map<NmPattern, Long> unsupported = new LinkedHashMap<>();
        boolean hasL2 = hw.l2Bytes() > 0;

        for (int i = 0; i < n; i++) {
            TcOp op = p.op(i);
            if (op instanceof TcOp.Load ld) {
                    checkCore(ld.core(), i);
                    core[i] = ld.core();
                    kind[i] = switch (ld.operand()) {
                        case ACTIVATIONS -> EventKind.LOAD_ACTIVATIONS;
                        case VALUES -> EventKind.LOAD_VALUES;
                        case METADATA -> EventKind.LOAD_METADATA;
                        case DENSE_WEIGHTS -> EventKind.LOAD_WEIGHTS_DENSE;
                    };
                    long b = ld.bytes();
                    long miss = missBytes[i];
                    int smem = coreResource(ld.core(), SMEM);
                    if (miss == 0) {
                        res[i] = new int[] {l2Resource(), smem};
                        occ[i] = new long[] {cycles(b, hw.l2BytesPerCycle()), cycles(b, hw.sharedBytesPerCycle())};
                        bytes[i] = new long[] {b, b};
                        latency[i] = 0;
                    } else if (hasL2) {
                        res[i] = new int[] {dramResource(), l2Resource(), smem};
                        occ[i] = new long[] {cycles(miss, hw.dramBytesPerCycle()), cycles(b, hw.l2BytesPerCycle()),
                                cycles(b, hw.sharedBytesPerCycle())};
                        bytes[i] = new long[] {miss, b, b};
                        latency[i] = hw.dramLatency();
                    } else {
                        res[i] = new int[] {dramResource(), smem};
                        occ[i] = new long[] {cycles(b, hw.dramBytesPerCycle()), cycles(b, hw.sharedBytesPerCycle())};
                        bytes[i] = new long[] {b, b};
                        latency[i] = hw.dramLatency();
                    }
            } else if (op instanceof TcOp.Store st) {
                    checkCore(st.core(), i);
                    core[i] = st.core();
                    kind[i] = EventKind.STORE;
                    long b = st.bytes();
                    int smem = coreResource(st.core(), SMEM);
                    if (hasL2) {
                        res[i] = new int[] {smem, l2Resource(), dramResource()};
                        occ[i] = new long[] {cycles(b, hw.sharedBytesPerCycle()), cycles(b, hw.l2BytesPerCycle()),
                                cycles(b, hw.dramBytesPerCycle())};
                        bytes[i] = new long[] {b, b, b};
                    } else {
                        res[i] = new int[] {smem, dramResource()};
                        occ[i] = new long[] {cycles(b, hw.sharedBytesPerCycle()), cycles(b, hw.dramBytesPerCycle())};
                        bytes[i] = new long[] {b, b};
                    }
            } else if (op instanceof TcOp.Mma m) {
                    checkCore(m.core(), i);
                    core[i] = m.core();
                    mma[i] = true;
                    NmPattern pat = m.pattern();
                    boolean sparse = pat != null && !pat.isDense();
                    if (sparse && !hw.runsSparse(pat)) {
                        // The hardware cannot skip this pattern's zeros: run the decoded dense tile.
                        fallbacks++;
                        unsupported.merge(pat, 1L, Long::sum);
                        sparse = false;
                    }
                    kind[i] = sparse ? EventKind.MMA_SPARSE : EventKind.MMA_DENSE;
                    long kPerInstr = sparse ? (long) hw.mmaK() * pat.m() / pat.n() : hw.mmaK();
                    // Tile quantisation at the instruction level: partial MMAs cost a whole issue slot.
                    long count = ceilDiv(m.cols(), hw.mmaM()) * ceilDiv(m.rows(), hw.mmaN()) * ceilDiv(m.depth(), kPerInstr);
                    instrs[i] = count;
                    long pipe = ceilDiv(count * hw.mmaIssueInterval(), hw.tensorCores());
                    denseEq[i] = m.macs();
                    boolean zerosSkipped = pat != null && !pat.isDense();
                    useful[i] = zerosSkipped ? m.macs() / pat.m() * pat.n() : m.macs();
                    // Operand fetch from the shared buffer: the tensor cores of a core split the block tile
                    // in a gr × gc grid; every activation row is read by gc of them, every weight row by gr.
                    int gr = warpGridRows(hw.tensorCores());
                    int gc = hw.tensorCores() / gr;
                    long actBytes = (long) gc * m.rows() * m.depth() * e;
                    long keptDepth = sparse ? (long) m.depth() / pat.m() * pat.n() : m.depth();
                    long wBytes = (long) gr * m.cols() * keptDepth * e;
                    long metaBytes = sparse ? ceilDiv((long) gr * m.cols() * keptDepth * pat.indexBits(), 8) : 0;
                    int smem = coreResource(m.core(), SMEM);
                    long readBytes = actBytes + wBytes + metaBytes;
                    if (sparse) {
                        res[i] = new int[] {coreResource(m.core(), MMA), coreResource(m.core(), META), smem};
                        occ[i] = new long[] {pipe, cycles(metaBytes, hw.metadataBytesPerCycle()),
                                cycles(readBytes, hw.sharedBytesPerCycle())};
                        bytes[i] = new long[] {0, metaBytes, readBytes};
                    } else {
                        res[i] = new int[] {coreResource(m.core(), MMA), smem};
                        occ[i] = new long[] {pipe, cycles(readBytes, hw.sharedBytesPerCycle())};
                        bytes[i] = new long[] {0, readBytes};
                    }
            } else if (op instanceof TcOp.Vector v) {
                    checkCore(v.core(), i);
                    core[i] = v.core();
                    kind[i] = EventKind.VECTOR;
                    long b = 2L * v.elements() * e;   // read and write its operand in the shared buffer
                    res[i] = new int[] {coreResource(v.core(), VEC), coreResource(v.core(), SMEM)};
                    occ[i] = new long[] {cycles(v.elements() * (long) v.opsPerElement(), hw.vectorElementsPerCycle()),
                            cycles(b, hw.sharedBytesPerCycle())};
                    bytes[i] = new long[] {0, b};
            } else {
                throw new IllegalArgumentException("unknown op " + op);
            }
        }
        // An MMA's result needs the pipeline latency only where something other than the next MMA of the
        // same accumulator (pipelined back to back) or a buffer-reuse load reads it.
        for (int i = 0; i < n; i++) {
            TcOp op = p.op(i);
            if (op instanceof TcOp.Mma || op instanceof TcOp.Load) continue;
            for (int d : p.deps(i)) if (mma[d]) latency[d] = hw.mmaLatency();
        }
        OpGraph.Builder b = OpGraph.builder(resourceCount());
        for (int i = 0; i < n; i++) b.add(p.deps(i), res[i], occ[i], latency[i]);
        List<String> warnings = new ArrayList<>();
        unsupported.forEach((pat, count) -> warnings.add("pattern " + pat + " is not supported by " + hw.name()
                + " (supported: " + hw.sparsePatterns() + "): " + count + " MMA tiles run dense"));
        return new Mapped(p, b.build(), kind, core, useful, denseEq, instrs, bytes, fallbacks, warnings);
    }

    /** DRAM bytes of each load (lines not in L2 when it runs); stores allocate their lines. */
    private long[] l2Misses(TcProgram p, L2Probe probe) {
        int n = p.size();
        long[] miss = new long[n];
        if (hw.l2Bytes() <= 0) {
            for (int i = 0; i < n; i++) if (p.op(i) instanceof TcOp.Load ld) miss[i] = ld.bytes();
            for (int ignored : probe.beforeOps()) probe.contents().add(new long[0]);
            return miss;
        }
        LruL2 l2 = new LruL2(hw.l2Bytes());
        int next = 0;
        for (int i = 0; i < n; i++) {
            while (next < probe.beforeOps().length && probe.beforeOps()[next] == i) {
                probe.contents().add(l2.contents(probe.tensorShifts()[next++]));
            }
            TcOp op = p.op(i);
            if (op instanceof TcOp.Load ld) miss[i] = l2.load(ld.where(), ld.bytes());
            else if (op instanceof TcOp.Store st) l2.store(st.where(), st.bytes());   // write-allocate
        }
        return miss;
    }

    private void checkCore(int c, int op) {
        if (c < 0 || c >= hw.cores()) {
            throw new org.nxm.model.io.InputException("program op " + op + ": core " + c + " does not exist on "
                    + hw.name() + " (" + hw.cores() + " cores); was it compiled for another hardware?");
        }
    }

    /** Rows of a near-square grid of t tensor cores (4 → 2×2, 8 → 2×4, 1 → 1×1). */
    static int warpGridRows(int t) {
        int r = (int) Math.floor(Math.sqrt(t));
        while (t % r != 0) r--;
        return r;
    }

    static long ceilDiv(long a, long b) { return (a + b - 1) / b; }

    /** Cycles to move {@code amount} at {@code perCycle}, at least one. */
    static long cycles(long amount, double perCycle) {
        return Math.max(1, (long) Math.ceil(amount / perCycle - 1e-9));
    }
}
