package org.nxm.traces.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nxm.traces.EventKind;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.TraceSink;
import org.nxm.traces.Unit;

/**
 * The chain of events that sets a trace's total time, grouped into segments by layer and resource.
 *
 * <p>A trace carries no dependency edges, so the chain is reconstructed from timing alone, walking back from the
 * event that ends last: an event started when the thing it waited for finished, so its predecessor is an event
 * ending at (or, after a fixed latency, latest before) its start. Among events ending at the same cycle the walk
 * prefers one on the same unit (the event queued behind it: that unit's throughput binds), then one of the same
 * op, then one of the same layer. Cycles between the predecessor's end and the event's start are
 * <b>latency</b> (a DRAM round trip, a fixed kernel cost) and belong to the event that waited. Stall events
 * are waits, not work, and are skipped; so are zero-length events.
 *
 * <p>The path covers the whole trace: the cycles of all segments add up to the trace's length. The resource of
 * an event is {@code mma} for MMA events, {@code vector} for vector and accumulate events, and the memory level's
 * name (e.g. {@code dram}, {@code l2}) for loads and stores.
 *
 * @param cycles   the trace's length (largest event end)
 * @param steps    events on the path
 * @param segments maximal runs of path events with the same layer and resource, in time order
 * @param layers   per layer (program order, then {@code (no layer)}), its cycles on the path
 * @param resources cycles on the path per resource over the whole trace, plus {@code latency}
 */
public record CriticalPath(long cycles, long steps, List<Segment> segments, List<LayerRow> layers,
                           Map<String, Long> resources) {

    /** Name of the path cycles that are waits between a predecessor's end and an event's start. */
    public static final String LATENCY = "latency";

    /**
     * @param busyCycles    durations of the segment's events
     * @param latencyCycles gaps before them (see {@link CriticalPath})
     * @param queuedEvents  events whose predecessor on the path ran on the same unit (they waited for the unit)
     * @param binding       what bounds the segment: its resource, or {@code latency} when the gaps outweigh the work
     */
    public record Segment(String layer, String resource, long startCycle, long endCycle, long cycles, long busyCycles,
                          long latencyCycles, long events, long queuedEvents, String binding) {}

    /** One layer's part of the path; {@code binding} is the resource with the most of its cycles. */
    public record LayerRow(String layer, long cycles, double share, Map<String, Long> cyclesByResource, String binding) {}

    /** The critical path of a whole trace (one pass over the file, events held in memory). */
    public static CriticalPath of(org.nxm.traces.format.NxmtReader reader) {
        Collector c = new Collector(reader.header());
        reader.replay(c);
        return c.result();
    }

    /** Collects the events (all of them must fit in memory: about 28 bytes per non-stall event). */
    public static final class Collector implements TraceSink {
        private final TraceHeader header;
        private long[] start = new long[1024];
        private long[] end = new long[1024];
        private int[] unit = new int[1024];
        private int[] layer = new int[1024];
        private int[] op = new int[1024];
        private byte[] kind = new byte[1024];
        private int n;

        public Collector(TraceHeader header) { this.header = header; }

        @Override
        public void event(EventKind k, int u, long s, long d, int l, int o, long bytes, long macs) {
            if (k.isStall() || d <= 0) return;
            if (n == start.length) grow();
            start[n] = s;
            end[n] = s + d;
            unit[n] = u;
            layer[n] = l;
            op[n] = o;
            kind[n] = (byte) k.code();
            n++;
        }

        private void grow() {
            int c = Math.multiplyExact(start.length, 2);
            start = Arrays.copyOf(start, c);
            end = Arrays.copyOf(end, c);
            unit = Arrays.copyOf(unit, c);
            layer = Arrays.copyOf(layer, c);
            op = Arrays.copyOf(op, c);
            kind = Arrays.copyOf(kind, c);
        }

        public CriticalPath result() { return build(this); }
    }

    private static CriticalPath build(Collector c) {
        TraceHeader h = c.header;
        int n = c.n;
        int[] byEnd = sortByEnd(c.end, n);
        List<Integer> chain = new ArrayList<>();
        List<Long> gaps = new ArrayList<>();
        List<Boolean> queued = new ArrayList<>();
        if (n > 0) {
            int cur = byEnd[n - 1];
            while (true) {
                chain.add(cur);
                long s = c.start[cur];
                int p = lastEndingAtOrBefore(byEnd, c.end, n, s);
                if (p < 0) {
                    gaps.add(s);
                    queued.add(false);
                    break;
                }
                long e = c.end[byEnd[p]];
                int best = -1, bestRank = Integer.MAX_VALUE;
                for (int q = p; q >= 0 && c.end[byEnd[q]] == e; q--) {
                    int cand = byEnd[q];
                    int rank = c.unit[cand] == c.unit[cur] ? 0 : c.op[cand] == c.op[cur] && c.op[cur] >= 0 ? 1
                            : c.layer[cand] == c.layer[cur] ? 2 : 3;
                    if (rank < bestRank) {
                        bestRank = rank;
                        best = cand;
                        if (rank == 0) break;
                    }
                }
                gaps.add(s - e);
                queued.add(bestRank == 0);
                cur = best;
            }
        }
        // chain runs from the end backwards; walk it forwards into segments
        List<Segment> segments = new ArrayList<>();
        int layerCount = h.layers().size();
        List<Map<String, Long>> perLayer = new ArrayList<>();
        for (int i = 0; i <= layerCount; i++) perLayer.add(new LinkedHashMap<>());
        Map<String, Long> resources = new LinkedHashMap<>();
        String segLayer = null, segRes = null;
        long segStart = 0, segBusy = 0, segLat = 0, segEvents = 0, segQueued = 0, segEnd = 0;
        for (int i = chain.size() - 1; i >= 0; i--) {
            int ev = chain.get(i);
            long gap = gaps.get(i);
            String lname = layerName(h, c.layer[ev]);
            String res = resource(h, EventKind.ofCode(c.kind[ev] & 0xff), c.unit[ev]);
            long busy = c.end[ev] - c.start[ev];
            Map<String, Long> lr = perLayer.get(c.layer[ev] < 0 || c.layer[ev] >= layerCount ? layerCount : c.layer[ev]);
            lr.merge(res, busy, Long::sum);
            if (gap > 0) lr.merge(LATENCY, gap, Long::sum);
            resources.merge(res, busy, Long::sum);
            if (gap > 0) resources.merge(LATENCY, gap, Long::sum);
            if (!(lname.equals(segLayer) && res.equals(segRes))) {
                if (segLayer != null) segments.add(segment(segLayer, segRes, segStart, segEnd, segBusy, segLat, segEvents, segQueued));
                segLayer = lname;
                segRes = res;
                segStart = c.start[ev] - gap;
                segBusy = segLat = segEvents = segQueued = 0;
            }
            segBusy += busy;
            segLat += gap;
            segEvents++;
            if (queued.get(i)) segQueued++;
            segEnd = c.end[ev];
        }
        if (segLayer != null) segments.add(segment(segLayer, segRes, segStart, segEnd, segBusy, segLat, segEvents, segQueued));
        long cycles = n == 0 ? 0 : c.end[byEnd[n - 1]];
        List<LayerRow> layers = new ArrayList<>();
        for (int i = 0; i <= layerCount; i++) {
            Map<String, Long> m = perLayer.get(i);
            if (m.isEmpty()) continue;
            long total = m.values().stream().mapToLong(Long::longValue).sum();
            String binding = m.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("-");
            layers.add(new LayerRow(i == layerCount ? LayerBreakdown.NO_LAYER : h.layers().get(i), total,
                    Ratios.orZero(total, cycles), m, binding));
        }
        return new CriticalPath(cycles, chain.size(), segments, layers, resources);
    }

    private static Segment segment(String layer, String res, long start, long end, long busy, long lat, long events, long queued) {
        return new Segment(layer, res, start, end, end - start, busy, lat, events, queued, lat > busy ? LATENCY : res);
    }

    private static String layerName(TraceHeader h, int layer) {
        return layer < 0 || layer >= h.layers().size() ? LayerBreakdown.NO_LAYER : h.layers().get(layer);
    }

    private static String resource(TraceHeader h, EventKind k, int unit) {
        return switch (k.category()) {
            case MMA -> "mma";
            case VECTOR -> "vector";
            default -> {
                Unit u = h.units().get(unit);
                yield u.memoryLevel() >= 0 ? h.memoryLevels().get(u.memoryLevel()).name() : u.name();
            }
        };
    }

    /** Position in {@code byEnd} of the last event ending at or before {@code t}, or -1. */
    private static int lastEndingAtOrBefore(int[] byEnd, long[] end, int n, long t) {
        int lo = 0, hi = n - 1, ans = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (end[byEnd[mid]] <= t) {
                ans = mid;
                lo = mid + 1;
            } else hi = mid - 1;
        }
        return ans;
    }

    /** Indices 0..n-1 sorted by end (a stable bottom-up merge sort on primitives: no boxing of millions of indices). */
    private static int[] sortByEnd(long[] end, int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        int[] tmp = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n - width; lo += 2 * width) {
                int mid = lo + width, hi = Math.min(lo + 2 * width, n);
                int i = lo, j = mid, k = lo;
                while (i < mid && j < hi) tmp[k++] = end[idx[j]] < end[idx[i]] ? idx[j++] : idx[i++];
                while (i < mid) tmp[k++] = idx[i++];
                while (j < hi) tmp[k++] = idx[j++];
                System.arraycopy(tmp, lo, idx, lo, hi - lo);
            }
        }
        return idx;
    }
}
