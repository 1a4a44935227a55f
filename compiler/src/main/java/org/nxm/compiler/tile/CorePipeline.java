package org.nxm.compiler.tile;

import java.util.Arrays;

/**
 * The timing law of the simulator's engines, applied to the op sequences of a few cores: an op starts at the
 * earliest time when every op it waits for has finished and every resource it holds is idle; among ops that
 * could start at the same time the one earlier in the program's priority order wins (the engine's order:
 * the cores' sequences interleaved, op j of core 0, op j of core 1, ..., then op j + 1); an op holds resource r
 * for {@code occupancy[r]} cycles from its start and finishes at start + its longest occupancy + its latency.
 * This is exactly the rule {@code EventDrivenEngine} applies to a whole chip.
 *
 * <p>Each core has its own units (MMA pipe, metadata unit, shared-buffer port, vector unit); the L2 and DRAM
 * pipes are shared by all. (The cost model lets a few cores stand for a chip of more by giving their ops the
 * shared-pipe occupancies of the cores they stand for.)
 *
 * <p>Cheap enough for a cost model: an op can only start once its dependencies have, and a core's tile pipeline
 * has few such ops at a time (the next K-steps' loads, the next MMA), so only those are examined, and a core's
 * best candidate is kept until something it waits for changes.
 */
final class CorePipeline {
    /** Units per core, then the shared pipes: L2 and DRAM (the ids callers use). */
    static final int PER_CORE = 4, L2 = 4, DRAM = 5;

    private final int cores;
    private int size;
    private int[] core = new int[64];
    private int[] seq = new int[64];
    private int[][] deps = new int[64][];
    private int[][] res = new int[64][];
    private long[][] occ = new long[64][];
    private long[] latency = new long[64];
    private long[] dramCycles = new long[64];
    private long[] l2Cycles = new long[64];
    private final int[] countOf;       // ops per core so far (an op's seq is its index in its core's sequence)

    /** {@code cores} cores sharing the L2 and DRAM pipes. */
    CorePipeline(int cores) {
        this.cores = cores;
        this.countOf = new int[cores];
    }

    /**
     * Appends an op of {@code c}; returns its index. {@code deps} are indices of earlier ops of the same core
     * (negative ones ignored); {@code units} are {@code MMA .. VEC} of this core or {@link #L2}, {@link #DRAM}.
     */
    int add(int c, int[] deps, int[] units, long[] occupancy, long latency) {
        if (size == this.deps.length) {
            int n = size * 2;
            this.core = Arrays.copyOf(this.core, n);
            this.seq = Arrays.copyOf(this.seq, n);
            this.deps = Arrays.copyOf(this.deps, n);
            this.res = Arrays.copyOf(this.res, n);
            this.occ = Arrays.copyOf(this.occ, n);
            this.latency = Arrays.copyOf(this.latency, n);
            this.dramCycles = Arrays.copyOf(this.dramCycles, n);
            this.l2Cycles = Arrays.copyOf(this.l2Cycles, n);
        }
        int[] r = new int[units.length];
        for (int j = 0; j < units.length; j++) r[j] = units[j] < PER_CORE ? c * PER_CORE + units[j] : cores * PER_CORE + units[j] - PER_CORE;
        this.core[size] = c;
        this.seq[size] = countOf[c]++;
        this.deps[size] = deps;
        this.res[size] = r;
        this.occ[size] = occupancy;
        this.latency[size] = latency;
        return size++;
    }

    int size() { return size; }

    /** Whether the op holds the DRAM pipe. */
    boolean holdsDram(int op) {
        for (int r : res[op]) if (r == cores * PER_CORE + DRAM - PER_CORE) return true;
        return false;
    }

    /** Records the cycles an op holds DRAM and L2 on the whole chip (for the chip-wide bounds). */
    void traffic(int op, long dram, long l2) {
        dramCycles[op] = dram;
        l2Cycles[op] = l2;
    }

    /** DRAM cycles of the ops from {@code op} on. */
    long dramCyclesFrom(int op) {
        long b = 0;
        for (int i = Math.max(0, op); i < size; i++) b += dramCycles[i];
        return b;
    }

    /** L2 cycles of the ops from {@code op} on. */
    long l2CyclesFrom(int op) {
        long b = 0;
        for (int i = Math.max(0, op); i < size; i++) b += l2Cycles[i];
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
        long[] free = new long[cores * PER_CORE + 2];
        // Dependents of each op, and how many of its dependencies have not started yet.
        int[] remaining = new int[size];
        int[] outStart = new int[size + 1];
        for (int i = 0; i < size; i++) {
            for (int d : deps[i]) {
                if (d < 0) continue;
                remaining[i]++;
                outStart[d + 1]++;
            }
        }
        for (int i = 0; i < size; i++) outStart[i + 1] += outStart[i];
        int[] out = new int[outStart[size]];
        int[] fill = Arrays.copyOf(outStart, size);
        for (int i = 0; i < size; i++) for (int d : deps[i]) if (d >= 0) out[fill[d]++] = i;
        // Per core the ops whose dependencies have all started: the only ones that can start next.
        int[][] ready = new int[cores][8];
        int[] readyCount = new int[cores];
        for (int i = 0; i < size; i++) if (remaining[i] == 0) readyCount[core[i]] = push(ready, readyCount, core[i], i);
        int[] best = new int[cores];
        long[] bestStart = new long[cores];
        boolean[] valid = new boolean[cores];
        int shared0 = cores * PER_CORE;
        for (int done = 0; done < size; done++) {
            int pick = -1;
            for (int c = 0; c < cores; c++) {
                if (!valid[c]) {
                    best[c] = -1;
                    bestStart[c] = Long.MAX_VALUE;
                    for (int j = 0; j < readyCount[c]; j++) {
                        int i = ready[c][j];
                        long t = 0;
                        for (int d : deps[i]) if (d >= 0) t = Math.max(t, finish[d]);
                        for (int r : res[i]) t = Math.max(t, free[r]);
                        if (t < bestStart[c] || (t == bestStart[c] && seq[i] < seq[best[c]])) {
                            bestStart[c] = t;
                            best[c] = i;
                        }
                    }
                    valid[c] = true;
                }
                if (best[c] < 0) continue;
                if (pick < 0 || bestStart[c] < bestStart[pick]
                        || (bestStart[c] == bestStart[pick] && seq[best[c]] < seq[best[pick]])) pick = c;
            }
            if (pick < 0) throw new IllegalStateException("core pipeline: " + (size - done) + " ops wait for each other");
            int op = best[pick];
            long s = bestStart[pick];
            long longest = 0;
            boolean usesShared = false;
            for (int j = 0; j < res[op].length; j++) {
                free[res[op][j]] = s + occ[op][j];
                longest = Math.max(longest, occ[op][j]);
                usesShared |= res[op][j] >= shared0;
            }
            start[op] = s;
            finish[op] = s + longest + latency[op];
            for (int j = 0; j < readyCount[pick]; j++) {
                if (ready[pick][j] == op) {
                    ready[pick][j] = ready[pick][--readyCount[pick]];
                    break;
                }
            }
            valid[pick] = false;
            for (int k = outStart[op]; k < outStart[op + 1]; k++) {
                int d = out[k];
                if (--remaining[d] == 0) {
                    readyCount[core[d]] = push(ready, readyCount, core[d], d);
                    valid[core[d]] = false;
                }
            }
            if (usesShared) {
                // Other cores' best candidates can only start later now if they wait for a pipe this op took.
                for (int c = 0; c < cores; c++) {
                    if (!valid[c] || best[c] < 0) continue;
                    for (int r : res[best[c]]) {
                        if (r >= shared0 && free[r] > bestStart[c]) {
                            valid[c] = false;
                            break;
                        }
                    }
                }
            }
        }
        return new Times(start, finish);
    }

    private static int push(int[][] lists, int[] counts, int c, int op) {
        if (counts[c] == lists[c].length) lists[c] = Arrays.copyOf(lists[c], counts[c] * 2);
        lists[c][counts[c]] = op;
        return counts[c] + 1;
    }

    /** Cycles to move {@code amount} at {@code perCycle}, at least one (the engine's rounding). */
    static long cycles(double amount, double perCycle) {
        return Math.max(1, (long) Math.ceil(amount / perCycle - 1e-9));
    }
}
