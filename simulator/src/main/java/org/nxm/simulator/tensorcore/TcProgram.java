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
    public TcOp op(int i) { return ops.get(i); }
    public int[] deps(int i) { return deps.get(i); }
    public int sourceId(int i) { return sourceIds.get(i); }
    public List<String> layerNames() { return layerNames; }
}
