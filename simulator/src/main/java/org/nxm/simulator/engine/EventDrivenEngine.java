package org.nxm.simulator.engine;

/**
 * The timing law of {@link OpGraph}, jumping from event to event instead of stepping cycles.
 *
 * <p>Events are op completions and resources becoming idle. At an event time t the ops that could
 * possibly start are exactly: ops that became ready at t, and ops waiting on a resource that became
 * idle at t. They are tried in priority order (a merged heap), which reproduces the cycle-stepped
 * scan: an op rejected at t stays rejected at t because starting ops only makes resources busier.
 * An op that cannot start is parked on one busy resource it needs and tried again when that resource
 * is idle. A resource's waiters are pulled in priority order only while it stays idle, so a busy
 * resource costs nothing per waiting op.
 */
public final class EventDrivenEngine implements TimingEngine {
    private static final int OP_BITS = 25;            // up to 33 million ops; times up to 2^37 cycles
    private static final long OP_MASK = (1L << OP_BITS) - 1;
    private static final int KIND_BIT = OP_BITS;           // events: 0 = op done, 1 = resource idle
    private static final int SOURCE_BITS = 24;              // candidates: resource the op was pulled from, +1

    @Override
    public Schedule run(OpGraph g) {
        int n = g.opCount();
        int nr = g.resourceCount();
        if (n > OP_MASK) throw new IllegalArgumentException("too many ops: " + n);
        if (nr >= (1 << SOURCE_BITS) - 1) throw new IllegalArgumentException("too many resources: " + nr);
        int[] depStart = g.depStartArray();
        int[] deps = g.depsArray();
        int[] useStart = g.useStartArray();
        int[] useRes = g.useResourceArray();
        long[] useOcc = g.useOccupancyArray();
        long[] lat = g.latencyArray();

        // Reverse edges (dependents), compressed rows.
        int[] outStart = new int[n + 1];
        for (int d : deps) outStart[d + 1]++;
        for (int i = 0; i < n; i++) outStart[i + 1] += outStart[i];
        int[] out = new int[deps.length];
        int[] fill = outStart.clone();
        int[] remaining = new int[n];
        for (int i = 0; i < n; i++) {
            remaining[i] = depStart[i + 1] - depStart[i];
            for (int k = depStart[i]; k < depStart[i + 1]; k++) out[fill[deps[k]]++] = i;
        }

        long[] start = new long[n];
        long[] finish = new long[n];
        long[] busyUntil = new long[nr];
        LongHeap[] waiting = new LongHeap[nr];
        LongHeap events = new LongHeap(1024);
        LongHeap candidates = new LongHeap(1024);
        for (int i = 0; i < n; i++) if (remaining[i] == 0) candidates.push(candidate(i, -1));

        long t = 0;
        long makespan = 0;
        int done = 0;
        while (true) {
            // Try every candidate at time t, in priority order.
            while (!candidates.isEmpty()) {
                long c = candidates.pop();
                int op = (int) (c >>> SOURCE_BITS);
                int source = (int) (c & ((1L << SOURCE_BITS) - 1)) - 1;
                if (source >= 0) {
                    if (busyUntil[source] > t) continue;          // taken again at t: the rest wait on
                    waiting[source].pop();                         // op is its head
                    if (!waiting[source].isEmpty()) candidates.push(candidate((int) waiting[source].peek(), source));
                }
                int blockedOn = -1;
                for (int k = useStart[op]; k < useStart[op + 1]; k++) {
                    if (busyUntil[useRes[k]] > t) { blockedOn = useRes[k]; break; }
                }
                if (blockedOn >= 0) {
                    if (waiting[blockedOn] == null) waiting[blockedOn] = new LongHeap(16);
                    waiting[blockedOn].push(op);
                    continue;
                }
                long maxOcc = 0;
                for (int k = useStart[op]; k < useStart[op + 1]; k++) {
                    long until = t + useOcc[k];
                    busyUntil[useRes[k]] = until;
                    events.push(event(until, 1, useRes[k]));
                    maxOcc = Math.max(maxOcc, useOcc[k]);
                }
                start[op] = t;
                long f = t + maxOcc + lat[op];
                finish[op] = f;
                makespan = Math.max(makespan, f);
                done++;
                if (f == t) {
                    // Zero-duration op: its dependents are ready now and compete in this same cycle.
                    for (int k = outStart[op]; k < outStart[op + 1]; k++) {
                        int d = out[k];
                        if (--remaining[d] == 0) candidates.push(candidate(d, -1));
                    }
                } else {
                    events.push(event(f, 0, op));
                }
            }
            if (events.isEmpty()) break;
            // Advance to the next event time and gather everything that happens then.
            t = events.peek() >>> (OP_BITS + 1);
            while (!events.isEmpty() && (events.peek() >>> (OP_BITS + 1)) == t) {
                long e = events.pop();
                int id = (int) (e & OP_MASK);
                if (((e >>> KIND_BIT) & 1) == 0) {
                    for (int k = outStart[id]; k < outStart[id + 1]; k++) {
                        int d = out[k];
                        if (--remaining[d] == 0) candidates.push(candidate(d, -1));
                    }
                } else if (busyUntil[id] == t && waiting[id] != null && !waiting[id].isEmpty()) {
                    candidates.push(candidate((int) waiting[id].peek(), id));
                }
            }
        }
        if (done != n) throw new IllegalStateException("deadlock: " + (n - done) + " ops never started");
        return new Schedule(start, finish, makespan);
    }

    private static long candidate(int op, int source) {
        return ((long) op << SOURCE_BITS) | (source + 1);
    }

    private static long event(long time, int kind, int id) {
        if (time >= (1L << (63 - OP_BITS - 1)))
            throw new org.nxm.model.io.InputException("the simulated run passes " + (1L << (63 - OP_BITS - 1))
                    + " cycles, the event engine's limit (at cycle " + time + "): the hardware's rates are too low or the program too long");
        return (time << (OP_BITS + 1)) | ((long) kind << KIND_BIT) | id;
    }
}
