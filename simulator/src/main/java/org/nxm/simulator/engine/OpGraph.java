package org.nxm.simulator.engine;

import java.util.Arrays;

/**
 * What the timing engines see of a program: ops in priority order (their index), each with the ops
 * it depends on, the resources it holds and for how long, and a latency after which its result is
 * visible. Stored as flat arrays (compressed rows) because a BERT-sized program has millions of ops.
 *
 * <p>The timing law both engines implement, cycle by cycle:
 * <ul>
 *   <li>op i is <em>ready</em> at cycle t when every dependency has finished at or before t;</li>
 *   <li>at each cycle, ready ops not yet started are examined in priority order (lower index first);
 *       an op starts at t when every resource it uses is idle at t, and then holds resource r for
 *       {@code occupancy(r)} cycles, i.e. during [t, t + occupancy);</li>
 *   <li>it finishes at t + max occupancy + latency (a pipelined unit is free again after its issue
 *       slots while the result still needs the pipeline latency).</li>
 * </ul>
 * Dependencies must point to lower indices, so index order is a topological order.
 */
public final class OpGraph {
    private final int opCount;
    private final int resourceCount;
    private final int[] depStart;
    private final int[] deps;
    private final int[] useStart;
    private final int[] useResource;
    private final long[] useOccupancy;
    private final long[] latency;

    private OpGraph(Builder b) {
        this.opCount = b.opCount;
        this.resourceCount = b.resourceCount;
        this.depStart = Arrays.copyOf(b.depStart, b.opCount + 1);
        this.deps = Arrays.copyOf(b.deps, b.depCount);
        this.useStart = Arrays.copyOf(b.useStart, b.opCount + 1);
        this.useResource = Arrays.copyOf(b.useResource, b.useCount);
        this.useOccupancy = Arrays.copyOf(b.useOccupancy, b.useCount);
        this.latency = Arrays.copyOf(b.latency, b.opCount);
    }

    public int opCount() { return opCount; }
    public int resourceCount() { return resourceCount; }

    public int depCount(int op) { return depStart[op + 1] - depStart[op]; }
    public int dep(int op, int k) { return deps[depStart[op] + k]; }

    public int useCount(int op) { return useStart[op + 1] - useStart[op]; }
    public int useResource(int op, int k) { return useResource[useStart[op] + k]; }
    public long useOccupancy(int op, int k) { return useOccupancy[useStart[op] + k]; }

    public long latency(int op) { return latency[op]; }

    /** Longest occupancy of the op over its resources (0 when it holds none). */
    public long maxOccupancy(int op) {
        long max = 0;
        for (int k = useStart[op]; k < useStart[op + 1]; k++) max = Math.max(max, useOccupancy[k]);
        return max;
    }

    /** Duration from start to finish. */
    public long duration(int op) { return maxOccupancy(op) + latency[op]; }

    // Package-private raw views for the engines' inner loops.
    int[] depStartArray() { return depStart; }
    int[] depsArray() { return deps; }
    int[] useStartArray() { return useStart; }
    int[] useResourceArray() { return useResource; }
    long[] useOccupancyArray() { return useOccupancy; }
    long[] latencyArray() { return latency; }

    public static Builder builder(int resourceCount) { return new Builder(resourceCount); }

    /** Appends ops in priority order. */
    public static final class Builder {
        private final int resourceCount;
        private int opCount;
        private int depCount;
        private int useCount;
        private int[] depStart = new int[17];
        private int[] deps = new int[16];
        private int[] useStart = new int[17];
        private int[] useResource = new int[16];
        private long[] useOccupancy = new long[16];
        private long[] latency = new long[16];

        private Builder(int resourceCount) {
            if (resourceCount < 0) throw new IllegalArgumentException("resource count " + resourceCount);
            this.resourceCount = resourceCount;
        }

        public int size() { return opCount; }

        /**
         * Adds an op and returns its index.
         *
         * @param opDeps     indices of earlier ops it waits for
         * @param resources  resources it holds (distinct)
         * @param occupancy  cycles it holds each of them (at least 1)
         * @param opLatency  cycles after the last occupancy until its result is visible (≥ 0)
         */
        public int add(int[] opDeps, int[] resources, long[] occupancy, long opLatency) {
            if (resources.length != occupancy.length) throw new IllegalArgumentException("resources/occupancy length");
            if (opLatency < 0) throw new IllegalArgumentException("negative latency " + opLatency);
            int id = opCount;
            ensureOps(id + 2);
            for (int d : opDeps) {
                if (d < 0 || d >= id) throw new IllegalArgumentException("op " + id + ": dependency " + d + " is not an earlier op");
            }
            for (int k = 0; k < resources.length; k++) {
                int r = resources[k];
                if (r < 0 || r >= resourceCount) throw new IllegalArgumentException("op " + id + ": resource " + r);
                if (occupancy[k] < 1) throw new IllegalArgumentException("op " + id + ": occupancy " + occupancy[k] + " < 1");
                for (int j = 0; j < k; j++) {
                    if (resources[j] == r) throw new IllegalArgumentException("op " + id + ": resource " + r + " twice");
                }
            }
            if (deps.length < depCount + opDeps.length) deps = Arrays.copyOf(deps, Math.max(deps.length * 2, depCount + opDeps.length));
            System.arraycopy(opDeps, 0, deps, depCount, opDeps.length);
            depCount += opDeps.length;
            if (useResource.length < useCount + resources.length) {
                int n = Math.max(useResource.length * 2, useCount + resources.length);
                useResource = Arrays.copyOf(useResource, n);
                useOccupancy = Arrays.copyOf(useOccupancy, n);
            }
            System.arraycopy(resources, 0, useResource, useCount, resources.length);
            System.arraycopy(occupancy, 0, useOccupancy, useCount, resources.length);
            useCount += resources.length;
            latency[id] = opLatency;
            opCount++;
            depStart[opCount] = depCount;
            useStart[opCount] = useCount;
            return id;
        }

        private void ensureOps(int n) {
            if (depStart.length < n + 1) {
                int cap = Math.max(depStart.length * 2, n + 1);
                depStart = Arrays.copyOf(depStart, cap);
                useStart = Arrays.copyOf(useStart, cap);
                latency = Arrays.copyOf(latency, cap);
            }
        }

        public OpGraph build() { return new OpGraph(this); }
    }
}
