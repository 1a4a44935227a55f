package org.nxm.simulator.engine;

import java.util.Arrays;

/**
 * The timing law executed literally: one cycle at a time, every unstarted op examined in priority
 * order. O(cycles × ops), so only for small programs; it exists to check {@link EventDrivenEngine}.
 */
public final class CycleSteppedEngine implements TimingEngine {
    @Override
    public Schedule run(OpGraph g) {
        int n = g.opCount();
        long[] start = new long[n];
        long[] finish = new long[n];
        boolean[] started = new boolean[n];
        Arrays.fill(start, -1);
        long[] busyUntil = new long[g.resourceCount()];
        int[] pending = new int[n];
        for (int i = 0; i < n; i++) pending[i] = i;
        int pendingCount = n;
        long makespan = 0;
        for (long t = 0; pendingCount > 0; t++) {
            int kept = 0;
            for (int p = 0; p < pendingCount; p++) {
                int op = pending[p];
                if (canStart(g, op, t, started, finish, busyUntil)) {
                    started[op] = true;
                    start[op] = t;
                    for (int k = 0; k < g.useCount(op); k++) busyUntil[g.useResource(op, k)] = t + g.useOccupancy(op, k);
                    finish[op] = t + g.duration(op);
                    makespan = Math.max(makespan, finish[op]);
                } else {
                    pending[kept++] = op;
                }
            }
            pendingCount = kept;
        }
        return new Schedule(start, finish, makespan);
    }

    private static boolean canStart(OpGraph g, int op, long t, boolean[] started, long[] finish, long[] busyUntil) {
        for (int k = 0; k < g.depCount(op); k++) {
            int d = g.dep(op, k);
            if (!started[d] || finish[d] > t) return false;
        }
        for (int k = 0; k < g.useCount(op); k++) {
            if (busyUntil[g.useResource(op, k)] > t) return false;
        }
        return true;
    }
}
