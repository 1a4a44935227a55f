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

    private static long key(int seq, int core, int index) {
        return ((long) Math.min(seq, (1 << 22) - 1) << 41) | ((long) core << 25) | index;
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
     * dependencies are placed, the one earliest in its core's own sequence (ties: lower core, then
     * earlier original position). A compiler may list each core's ops together; the cores nevertheless
     * issue side by side, and since the engines arbitrate shared resources (L2, DRAM) by priority, a
     * per-core listing would let core 0 win every arbitration and run its whole K sweep ahead of the
     * others. Interleaving makes the arbitration oldest-first per core, round-robin across cores.
     */
    public TcProgram interleavedByCore() {
        int n = ops.size();
        int[] seq = new int[n];
        int maxCore = 0;
        for (TcOp op : ops) maxCore = Math.max(maxCore, op.core());
        int[] next = new int[maxCore + 1];
        for (int i = 0; i < n; i++) seq[i] = next[ops.get(i).core()]++;
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
        // Key: core sequence (22 bits), core (16 bits), original index (25 bits).
        if (n >= 1 << 25 || maxCore >= 1 << 16) throw new IllegalArgumentException("program too large to interleave: " + n + " ops");
        org.nxm.simulator.engine.LongHeap ready = new org.nxm.simulator.engine.LongHeap(1024);
        for (int i = 0; i < n; i++) if (remaining[i] == 0) ready.push(key(seq[i], ops.get(i).core(), i));
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
                if (--remaining[s] == 0) ready.push(key(seq[s], ops.get(s).core(), s));
            }
        }
        return result;
    }
    public TcOp op(int i) { return ops.get(i); }
    public int[] deps(int i) { return deps.get(i); }
    public int sourceId(int i) { return sourceIds.get(i); }
    public List<String> layerNames() { return layerNames; }
}
