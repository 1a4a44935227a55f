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
 * <p>Cheap enough for a cost model: an op can only start once its dependencies have, and dependencies in a
 * core's tile pipeline reach back a few ops (the buffer a load refills was read two K-steps earlier), so only a
 * short window after each core's first op not yet started is examined, and a core's best candidate is kept
 * until something it waits for changes.
 */
final class CorePipeline {
    /** Ops past a core's first unstarted one that may start before it (two K-steps of loads and MMAs, a finish). */
    private static final int WINDOW = 24;
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
    private final int[][] opsOf;
    private final int[] countOf;

    /** {@code cores} cores sharing the L2 and DRAM pipes. */
    CorePipeline(int cores) {
        this.cores = cores;
        this.opsOf = new int[cores][64];
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
        if (countOf[c] == opsOf[c].length) opsOf[c] = Arrays.copyOf(opsOf[c], countOf[c] * 2);
        this.core[size] = c;
        this.seq[size] = countOf[c];
        opsOf[c][countOf[c]++] = size;
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
        boolean[] started = new boolean[size];
        long[] free = new long[cores * PER_CORE + 2];
        int[] first = new int[cores];
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
                    int end = Math.min(countOf[c], first[c] + WINDOW);
                    for (int j = first[c]; j < end; j++) {
                        int i = opsOf[c][j];
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
                        if (t < bestStart[c]) {
                            bestStart[c] = t;
                            best[c] = i;
                        }
                    }
                    if (best[c] < 0 && first[c] < countOf[c]) {
                        throw new IllegalStateException("core pipeline: op " + opsOf[c][first[c]] + " waits for a later op");
                    }
                    valid[c] = true;
                }
                if (best[c] < 0) continue;
                if (pick < 0 || bestStart[c] < bestStart[pick]
                        || (bestStart[c] == bestStart[pick] && seq[best[c]] < seq[best[pick]])) pick = c;
            }
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
            started[op] = true;
            while (first[pick] < countOf[pick] && started[opsOf[pick][first[pick]]]) first[pick]++;
            valid[pick] = false;
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

    /** Cycles to move {@code amount} at {@code perCycle}, at least one (the engine's rounding). */
    static long cycles(double amount, double perCycle) {
        return Math.max(1, (long) Math.ceil(amount / perCycle - 1e-9));
    }
}
