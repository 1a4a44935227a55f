package org.nxm.simulator.tensorcore;

import org.nxm.simulator.report.StallBreakdown;

/**
 * A run's stall breakdown split by consecutive time windows (the pieces of a chain, one window each: window
 * l ends at {@code ends[l]}, the last at the run's end). Every compute interval and idle stretch counts in
 * the windows it overlaps, with its class from the whole run, so the windows add up to the run's breakdown.
 *
 * <p>It also keeps, per window and core, the stretch that crosses out of the window (its length inside the
 * window and its class: the class of the op in a later window that ends it) and the class of the stretch that
 * crosses into the window (ended by the core's first compute op there). With those, {@link #followedBy} gives
 * a window's breakdown as it would be if another piece followed it: only the outgoing stretches' class can
 * differ, because a piece's schedule does not depend on what comes after it.
 */
public final class StallWindows {
    private static final int COMPUTE = 0, MEMORY = 1, DEPENDENCY = 2;
    private final long[] ends;
    private final long[][] sums;
    private final long[][] outLength;   // [window][core]
    private final byte[][] outClass;    // MEMORY or DEPENDENCY, 0 = none
    private final byte[][] inClass;     // MEMORY or DEPENDENCY, 0 = none

    StallWindows(long[] ends, int cores) {
        this.ends = ends.clone();
        int w = ends.length;
        sums = new long[w][3];
        outLength = new long[w][cores];
        outClass = new byte[w][cores];
        inClass = new byte[w][cores];
    }

    public int windows() { return ends.length; }

    /** The breakdown of window {@code w}. */
    public StallBreakdown breakdown(int w) {
        return new StallBreakdown(sums[w][COMPUTE], sums[w][MEMORY], sums[w][DEPENDENCY]);
    }

    /**
     * Window {@code w} as it would count if a piece like window {@code v}'s followed it: each core's stretch
     * out of {@code w} takes the class of the stretch into {@code v} on that core. Null when a core leaves
     * {@code w} idle into a piece but {@code v} shows no stretch coming in on that core to take the class from.
     */
    public StallBreakdown followedBy(int w, int v) {
        long[] s = sums[w].clone();
        for (int c = 0; c < outLength[w].length; c++) {
            long len = outLength[w][c];
            if (len == 0) continue;
            if (inClass[v][c] == 0) return null;
            s[outClass[w][c]] -= len;
            s[inClass[v][c]] += len;
        }
        return new StallBreakdown(s[COMPUTE], s[MEMORY], s[DEPENDENCY]);
    }

    void compute(long from, long to) { add(from, to, COMPUTE); }

    /**
     * An idle stretch of {@code core} from its previous compute's end {@code from} (or the run's start) to
     * {@code to}, ended by a compute op (or the run's end) of that class.
     */
    void stall(int core, long from, long to, boolean memory, boolean hadCompute) {
        int what = memory ? MEMORY : DEPENDENCY;
        add(from, to, what);
        int a = window(from), b = window(to);   // b: the window of the op that ends it
        if (a == b) return;
        inClass[b][core] = (byte) what;
        // Leaving a window it computed in (a core idle for a whole piece computes in no piece: nothing to re-class).
        if (hadCompute && (a == 0 || from >= ends[a - 1])) {
            outLength[a][core] = ends[a] - from;
            outClass[a][core] = (byte) what;
        }
    }

    private int window(long t) {
        int w = 0;
        while (w < ends.length - 1 && ends[w] <= t) w++;
        return w;
    }

    private void add(long from, long to, int what) {
        int w = window(from);
        long t = from;
        while (t < to) {
            long end = w == ends.length - 1 ? to : Math.max(t, Math.min(to, ends[w]));
            sums[w][what] += end - t;
            t = end;
            w++;
        }
    }
}
