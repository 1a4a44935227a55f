package org.nxm.compiler.tile;

import java.util.Arrays;

/**
 * The timing law of the simulator's engines, applied to the op sequence of one core in isolation: an op
 * starts at the earliest time when every op it waits for has finished and every resource it holds is idle;
 * among ops that could start at the same time the one earlier in the core's sequence wins; an op holds
 * resource r for {@code occupancy[r]} cycles from its start and finishes at start + its longest occupancy
 * + its latency. This is exactly the rule {@code EventDrivenEngine} applies to a whole chip; here the ops are
 * only one core's, and chip-wide resources (L2, DRAM) are seen by that core alone, so their contention is
 * left to the caller's bandwidth bounds.
 *
 * <p>Cheap enough for a cost model: an op can only start once its dependencies have, and dependencies in a
 * core's tile pipeline reach back a few ops (the buffer a load refills was read two K-steps earlier), so only
 * a short window after the first op not yet started is examined.
 */
final class CorePipeline {
    /** Ops past the first unstarted one that may start before it (two K-steps of loads and MMAs, a finish). */
    private static final int WINDOW = 24;

    private final int resources;
    private int size;
    private int[][] deps = new int[64][];
    private int[][] res = new int[64][];
    private long[][] occ = new long[64][];
    private long[] latency = new long[64];
    private long[] dramBytes = new long[64];
    private long[] l2Bytes = new long[64];

    CorePipeline(int resources) { this.resources = resources; }

    /** Appends an op; returns its index. {@code deps} are indices of earlier ops (negative ones ignored). */
    int add(int[] deps, int[] res, long[] occ, long latency) {
        if (size == this.deps.length) {
            int n = size * 2;
            this.deps = Arrays.copyOf(this.deps, n);
            this.res = Arrays.copyOf(this.res, n);
            this.occ = Arrays.copyOf(this.occ, n);
            this.latency = Arrays.copyOf(this.latency, n);
            this.dramBytes = Arrays.copyOf(this.dramBytes, n);
            this.l2Bytes = Arrays.copyOf(this.l2Bytes, n);
        }
        this.deps[size] = deps;
        this.res[size] = res;
        this.occ[size] = occ;
        this.latency[size] = latency;
        return size++;
    }

    int size() { return size; }

    /** Records the cycles an op holds DRAM and L2 (for the chip-wide bounds). */
    void traffic(int op, long dram, long l2) {
        dramBytes[op] = dram;
        l2Bytes[op] = l2;
    }

    /** DRAM cycles of the ops from {@code op} on. */
    long dramCyclesFrom(int op) {
        long b = 0;
        for (int i = Math.max(0, op); i < size; i++) b += dramBytes[i];
        return b;
    }

    /** L2 cycles of the ops from {@code op} on. */
    long l2CyclesFrom(int op) {
        long b = 0;
        for (int i = Math.max(0, op); i < size; i++) b += l2Bytes[i];
        return b;
    }

    /** Adds latency to an op already added (an MMA whose result a non-MMA op consumes). */
    void addLatency(int op, long cycles) { latency[op] = Math.max(latency[op], cycles); }

    /** Start and finish cycle of every op. */
    record Times(long[] start, long[] finish) {
        long end() {
            long e = 0;
            for (long f : finish) e = Math.max(e, f);
            return e;
        }
    }

    /** Runs the ops. */
    Times run() {
        long[] start = new long[size];
        long[] finish = new long[size];
        boolean[] started = new boolean[size];
        long[] free = new long[resources];
        int first = 0;
        while (first < size) {
            int best = -1;
            long bestStart = Long.MAX_VALUE;
            int end = Math.min(size, first + WINDOW);
            for (int i = first; i < end; i++) {
                if (started[i]) continue;
                long t = 0;
                boolean ready = true;
                for (int d : deps[i]) {
                    if (d < 0) continue;
                    if (!started[d]) {
                        ready = false;
                        break;
                    }
                    t = Math.max(t, finish[d]);
                }
                if (!ready) continue;
                for (int r : res[i]) t = Math.max(t, free[r]);
                if (t < bestStart) {
                    bestStart = t;
                    best = i;
                }
            }
            if (best < 0) throw new IllegalStateException("core pipeline: op " + first + " waits for a later op");
            long s = bestStart;
            long longest = 0;
            for (int j = 0; j < res[best].length; j++) {
                free[res[best][j]] = s + occ[best][j];
                longest = Math.max(longest, occ[best][j]);
            }
            start[best] = s;
            finish[best] = s + longest + latency[best];
            started[best] = true;
            while (first < size && started[first]) first++;
        }
        return new Times(start, finish);
    }

    /** Cycles to move {@code amount} at {@code perCycle}, at least one (the engine's rounding). */
    static long cycles(double amount, double perCycle) {
        return Math.max(1, (long) Math.ceil(amount / perCycle - 1e-9));
    }
}
