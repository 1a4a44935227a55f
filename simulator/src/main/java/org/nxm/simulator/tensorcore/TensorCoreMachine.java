package org.nxm.simulator.tensorcore;

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
    public Mapped map(TcProgram p) {
        int n = p.size();
        long[] missBytes = l2Misses(p);
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
    private long[] l2Misses(TcProgram p) {
        int n = p.size();
        long[] miss = new long[n];
        if (hw.l2Bytes() <= 0) {
            for (int i = 0; i < n; i++) if (p.op(i) instanceof TcOp.Load ld) miss[i] = ld.bytes();
            return miss;
        }
        L2 l2 = new L2(hw.l2Bytes());
        for (int i = 0; i < n; i++) {
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

    /**
     * L2 contents as an LRU over lines of 32×32 elements of a tensor (its granularity only decides
     * how partial overlaps between differently tiled producers and consumers count). Open-addressing
     * hash of line keys plus an intrusive doubly linked recency list, all in primitive arrays: a
     * BERT-sized program touches millions of lines.
     */
    static final class L2 {
        static final int LINE = 32;
        private final long capacity;
        private long used;
        private long[] keys = new long[1 << 12];
        private int[] slotOf = new int[1 << 12];     // hash slot -> entry + 1 (0 = empty)
        private long[] entryKey = new long[1 << 10];
        private long[] entryBytes = new long[1 << 10];
        private int[] prev = new int[1 << 10], next = new int[1 << 10];
        private int entries;                          // entries ever allocated (free list reuses)
        private int freeHead = -1;
        private int head = -1, tail = -1;             // head = least recently used
        private int live;

        L2(long capacity) { this.capacity = capacity; }

        /** Bytes of this load that come from DRAM (lines not resident); all its lines are resident afterwards. */
        long load(TcOp.Footprint f, long bytes) {
            if (f == null || f.elements() == 0) return bytes;
            double bytesPerElement = (double) bytes / f.elements();
            long missElems = touch(f, bytesPerElement);
            return Math.min(bytes, (long) Math.ceil(missElems * bytesPerElement));
        }

        void store(TcOp.Footprint f, long bytes) {
            if (f != null && f.elements() > 0) touch(f, (double) bytes / f.elements());
        }

        private long touch(TcOp.Footprint f, double bytesPerElement) {
            long missed = 0;
            long lineBytes = (long) Math.ceil(LINE * LINE * bytesPerElement);
            int r1 = f.row0() + f.rows(), c1 = f.col0() + f.cols();
            for (int rb = f.row0() / LINE; rb * LINE < r1; rb++) {
                int rows = Math.min(r1, (rb + 1) * LINE) - Math.max(f.row0(), rb * LINE);
                for (int cb = f.col0() / LINE; cb * LINE < c1; cb++) {
                    int cols = Math.min(c1, (cb + 1) * LINE) - Math.max(f.col0(), cb * LINE);
                    long key = ((long) f.tensor() << 42) ^ ((long) f.space() << 40) ^ ((long) rb << 20) ^ cb;
                    int e = find(key);
                    if (e >= 0) {
                        moveToTail(e);
                        continue;
                    }
                    missed += (long) rows * cols;
                    insert(key, lineBytes);
                    while (used > capacity && head >= 0) evict(head);
                }
            }
            return missed;
        }

        private static int hash(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }

        private int find(long key) {
            int mask = keys.length - 1;
            for (int s = hash(key) & mask; slotOf[s] != 0; s = (s + 1) & mask) {
                if (keys[s] == key) return slotOf[s] - 1;
            }
            return -1;
        }

        private void insert(long key, long bytes) {
            if ((live + 1) * 2 > keys.length) rehash(keys.length * 2);
            int e;
            if (freeHead >= 0) {
                e = freeHead;
                freeHead = next[e];
            } else {
                if (entries == entryKey.length) {
                    int n = entryKey.length * 2;
                    entryKey = java.util.Arrays.copyOf(entryKey, n);
                    entryBytes = java.util.Arrays.copyOf(entryBytes, n);
                    prev = java.util.Arrays.copyOf(prev, n);
                    next = java.util.Arrays.copyOf(next, n);
                }
                e = entries++;
            }
            entryKey[e] = key;
            entryBytes[e] = bytes;
            prev[e] = tail;
            next[e] = -1;
            if (tail >= 0) next[tail] = e; else head = e;
            tail = e;
            int mask = keys.length - 1;
            int s = hash(key) & mask;
            while (slotOf[s] != 0) s = (s + 1) & mask;
            keys[s] = key;
            slotOf[s] = e + 1;
            used += bytes;
            live++;
        }

        private void moveToTail(int e) {
            if (e == tail) return;
            unlink(e);
            prev[e] = tail;
            next[e] = -1;
            if (tail >= 0) next[tail] = e; else head = e;
            tail = e;
        }

        private void unlink(int e) {
            if (prev[e] >= 0) next[prev[e]] = next[e]; else head = next[e];
            if (next[e] >= 0) prev[next[e]] = prev[e]; else tail = prev[e];
        }

        private void evict(int e) {
            unlink(e);
            used -= entryBytes[e];
            live--;
            removeKey(entryKey[e]);
            next[e] = freeHead;
            freeHead = e;
        }

        /** Linear-probing delete with back-shift, so lookups never stop at a hole. */
        private void removeKey(long key) {
            int mask = keys.length - 1;
            int s = hash(key) & mask;
            while (keys[s] != key || slotOf[s] == 0) s = (s + 1) & mask;
            slotOf[s] = 0;
            for (int j = (s + 1) & mask; slotOf[j] != 0; j = (j + 1) & mask) {
                int home = hash(keys[j]) & mask;
                // Move j back to s if s lies cyclically in [home, j).
                if (((j - home) & mask) >= ((j - s) & mask)) {
                    keys[s] = keys[j];
                    slotOf[s] = slotOf[j];
                    slotOf[j] = 0;
                    s = j;
                }
            }
        }

        private void rehash(int size) {
            long[] oldKeys = keys;
            int[] oldSlots = slotOf;
            keys = new long[size];
            slotOf = new int[size];
            int mask = size - 1;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldSlots[i] == 0) continue;
                int s = hash(oldKeys[i]) & mask;
                while (slotOf[s] != 0) s = (s + 1) & mask;
                keys[s] = oldKeys[i];
                slotOf[s] = oldSlots[i];
            }
        }
    }
}
