package org.nxm.simulator.tensorcore;

import java.util.ArrayList;
import java.util.List;

/**
 * A program for the tensor-core template: ops in schedule (priority) order, each with the earlier ops
 * it waits for. {@code source} keeps the id of the compiler's tile op, for traces.
 */
public final class TcProgram {
    private final List<TcOp> ops = new ArrayList<>();
    private final List<int[]> deps = new ArrayList<>();
    private final List<Integer> sourceIds = new ArrayList<>();
    private final List<String> layerNames;

    public TcProgram(List<String> layerNames) { this.layerNames = List.copyOf(layerNames); }

    public int add(TcOp op, int[] dependsOn, int sourceId) {
        int id = ops.size();
        for (int d : dependsOn) {
            if (d < 0 || d >= id) throw new IllegalArgumentException("op " + id + " depends on " + d + ", not an earlier op");
        }
        ops.add(op);
        deps.add(dependsOn.clone());
        sourceIds.add(sourceId);
        return id;
    }

    public int add(TcOp op, int... dependsOn) { return add(op, dependsOn, ops.size()); }

    public int size() { return ops.size(); }

    private static final int LAYER_RANKS = 1 << 7, SEQ_LIMIT = 1 << 20, CORE_LIMIT = 1 << 11;

    /** Priority key: layer rank (7 bits), position in the core's sequence within that layer (20), core (11), index (25). */
    private static long key(int layerRank, int seq, int core, int index) {
        return ((long) Math.min(layerRank, LAYER_RANKS - 1) << 56) | ((long) Math.min(seq, SEQ_LIMIT - 1) << 36)
                | ((long) core << 25) | index;
    }

    /**
     * The dense twin on the same schedule: every sparse MMA runs dense (full-K instructions), weight
     * value loads carry the dense bytes (m/n× the kept values), metadata loads disappear (their
     * dependents wait for what the metadata load waited for). Comparing a run with its dense twin
     * isolates what sparsity changes: same tiles, same cores, same order.
     */
    public TcProgram densified(org.nxm.model.sparsity.NmPattern pattern) {
        int n = ops.size();
        TcProgram out = new TcProgram(layerNames);
        int[][] replacement = new int[n][];   // new ids standing for old op i
        for (int i = 0; i < n; i++) {
            java.util.LinkedHashSet<Integer> d = new java.util.LinkedHashSet<>();
            for (int old : deps.get(i)) for (int r : replacement[old]) d.add(r);
            int[] nd = d.stream().mapToInt(Integer::intValue).toArray();
            TcOp op = ops.get(i);
            if (op instanceof TcOp.Load ld && ld.operand() == TcOp.Operand.METADATA) {
                replacement[i] = nd;
                continue;
            }
            TcOp dense = op;
            if (op instanceof TcOp.Load ld && ld.operand() == TcOp.Operand.VALUES) {
                dense = new TcOp.Load(ld.core(), TcOp.Operand.DENSE_WEIGHTS, ld.bytes() * pattern.m() / pattern.n(), ld.where(), ld.layer());
            } else if (op instanceof TcOp.Mma m && m.pattern() != null) {
                dense = new TcOp.Mma(m.core(), m.rows(), m.cols(), m.depth(), null, m.layer());
            }
            replacement[i] = new int[] {out.add(dense, nd, sourceIds.get(i))};
        }
        return out;
    }

    /**
     * The same ops with the cores interleaved: a topological order that takes, among the ops whose
     * dependencies are placed, the one of the earliest layer (in the order layers first appear in the
     * program), then the earliest in its core's own sequence within that layer (ties: the core that comes
     * first counting round from the core of the layer's first op, then earlier original position). A compiler may list each core's ops together; the cores nevertheless
     * issue side by side, and since the engines arbitrate shared resources (L2, DRAM) by priority, a
     * per-core listing would let core 0 win every arbitration and run its whole K sweep ahead of the
     * others. Interleaving makes the arbitration oldest-first per core, round-robin across cores.
     *
     * <p>Why the layer comes first and the sequence restarts in each layer: cores carry unequal work
     * (a GEMM's tiles or attention heads rarely divide evenly over the cores), so a sequence counted
     * over the whole program drifts apart core by core; by the eighth layer a lightly loaded core's
     * weight prefetch for the next layer outranked a heavily loaded core's loads on the current
     * layer's critical path, and identical layers ran up to 19% apart (BERT-base batch 16 on a100; 34%
     * for BERT-large batch 4 on h100). Oldest layer first is what a GPU's in-order kernel stream gives.
     * Ties count from the layer's first core because the compiler deals each stage's tiles round-robin
     * from where the previous stage stopped: identical layers are the same program with the cores
     * renumbered, and a tie-break by absolute core number would treat them differently.
     * Layer ranks past 127 and positions past 2^20 share the last value (a coarser order, never a wrong one).
     */
    public TcProgram interleavedByCore() {
        int n = ops.size();
        int maxCore = 0;
        for (TcOp op : ops) maxCore = Math.max(maxCore, op.core());
        int cores = maxCore + 1;
        // Per op: its layer's rank (order of first appearance), its position in its core's sequence within that
        // layer, and its core counted round from the core of the layer's first op.
        int[] rank = new int[n];
        java.util.Map<Integer, Integer> rankOfLayer = new java.util.HashMap<>();
        List<Integer> firstCore = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TcOp op = ops.get(i);
            rank[i] = rankOfLayer.computeIfAbsent(op.layer(), l -> {
                firstCore.add(op.core());
                return firstCore.size() - 1;
            });
        }
        int[] next = new int[firstCore.size() * cores];   // (layer rank, core) -> next position
        int[] seq = new int[n];
        int[] rel = new int[n];
        for (int i = 0; i < n; i++) {
            int core = ops.get(i).core();
            seq[i] = next[rank[i] * cores + core]++;
            rel[i] = Math.floorMod(core - firstCore.get(rank[i]), cores);
        }
        int[] remaining = new int[n];
        int[] outStart = new int[n + 1];
        for (int i = 0; i < n; i++) {
            remaining[i] = deps.get(i).length;
            for (int d : deps.get(i)) outStart[d + 1]++;
        }
        for (int i = 0; i < n; i++) outStart[i + 1] += outStart[i];
        int[] out = new int[outStart[n]];
        int[] fill = outStart.clone();
        for (int i = 0; i < n; i++) for (int d : deps.get(i)) out[fill[d]++] = i;
        if (n >= 1 << 25 || maxCore >= CORE_LIMIT) throw new IllegalArgumentException("program too large to interleave: " + n + " ops");
        org.nxm.simulator.engine.LongHeap ready = new org.nxm.simulator.engine.LongHeap(1024);
        for (int i = 0; i < n; i++) if (remaining[i] == 0) ready.push(key(rank[i], seq[i], rel[i], i));
        int[] newId = new int[n];
        TcProgram result = new TcProgram(layerNames);
        while (!ready.isEmpty()) {
            int i = (int) (ready.pop() & ((1L << 25) - 1));
            int[] d = deps.get(i);
            int[] nd = new int[d.length];
            for (int k = 0; k < d.length; k++) nd[k] = newId[d[k]];
            newId[i] = result.add(ops.get(i), nd, sourceIds.get(i));
            for (int k = outStart[i]; k < outStart[i + 1]; k++) {
                int s = out[k];
                if (--remaining[s] == 0) ready.push(key(rank[s], seq[s], rel[s], s));
            }
        }
        return result;
    }
    public TcOp op(int i) { return ops.get(i); }
    public int[] deps(int i) { return deps.get(i); }
    public int sourceId(int i) { return sourceIds.get(i); }
    public List<String> layerNames() { return layerNames; }
}
