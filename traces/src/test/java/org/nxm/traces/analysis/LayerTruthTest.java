package org.nxm.traces.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nxm.traces.EventKind;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.UnitKind;

/** Per-layer figures and the critical path on synthetic traces whose layers overlap, with answers worked by hand. */
class LayerTruthTest {

    private static TraceHeader header(int layers) {
        TraceHeader.Builder b = TraceHeader.builder().clockHz(1e9);
        int dram = b.memoryLevel("dram", 10);
        b.unit("core0", UnitKind.CORE, -1, 100);
        b.unit("dram.ch0", UnitKind.DRAM_CHANNEL, dram, 10);
        b.unit("vec", UnitKind.VECTOR_UNIT, -1, 16);
        for (int i = 0; i < layers; i++) b.layer("layer" + i);
        return b.build();
    }

    private static final int CORE = 0, DRAM = 1, VEC = 2;

    /**
     * Two layers. Layer 0 loads [0,10) then multiplies [10,30). Layer 1 prefetches its weights during layer 0
     * ([10,25) on DRAM), multiplies [32,52) (the core was free at 30; 2 cycles of latency), and stores [52,57).
     * A stall event and a zero-length event must not change anything.
     */
    private static void twoLayers(org.nxm.traces.TraceSink s) {
        s.event(EventKind.LOAD_ACTIVATIONS, DRAM, 0, 10, 0, 1, 100, 0);
        s.event(EventKind.MMA_DENSE, CORE, 10, 20, 0, 2, 0, 2000);
        s.event(EventKind.LOAD_VALUES, DRAM, 10, 15, 1, 3, 150, 0);
        s.event(EventKind.STALL_DEPENDENCY, CORE, 30, 2, 1, 4, 0, 0);
        s.event(EventKind.MMA_SPARSE, CORE, 32, 20, 1, 4, 0, 1000);
        s.event(EventKind.VECTOR, VEC, 40, 0, 1, 5, 0, 0);
        s.event(EventKind.STORE, DRAM, 52, 5, 1, 6, 50, 0);
    }

    @Test
    void layerCyclesAreOwnSharesNotSpans() {
        TraceStats s = new TraceStats(header(2));
        twoLayers(s);
        LayerBreakdown b = LayerBreakdown.of(s);
        assertEquals(30, b.layers().get(0).cycles());
        assertEquals(30, b.layers().get(0).spanCycles());
        assertEquals(27, b.layers().get(1).cycles()); // 57 - 30
        assertEquals(47, b.layers().get(1).spanCycles()); // 57 - 10: the prefetch overlaps layer 0
        assertEquals(1000.0 / 27, b.layers().get(1).macsPerCycle(), 1e-12);
        Summary sum = Summary.of(s, false);
        assertEquals(57, sum.layers().stream().mapToLong(Summary.LayerShareRow::cycles).sum());
    }

    @Test
    void criticalPathOfTwoOverlappingLayers() {
        CriticalPath.Collector c = new CriticalPath.Collector(header(2));
        twoLayers(c);
        CriticalPath p = c.result();
        assertEquals(57, p.cycles());
        assertEquals(4, p.steps()); // load0, mma0, mma1, store1: the prefetch is off the path
        List<CriticalPath.Segment> g = p.segments();
        assertEquals(4, g.size());
        assertSegment(g.get(0), "layer0", "dram", 0, 10, 10, 0, "dram");
        assertSegment(g.get(1), "layer0", "mma", 10, 30, 20, 0, "mma");
        assertSegment(g.get(2), "layer1", "mma", 30, 52, 20, 2, "mma");
        assertSegment(g.get(3), "layer1", "dram", 52, 57, 5, 0, "dram");
        assertEquals(30, p.layers().get(0).cycles());
        assertEquals("mma", p.layers().get(0).binding());
        assertEquals(27, p.layers().get(1).cycles());
        assertEquals(Map.of("mma", 20L, "dram", 5L, CriticalPath.LATENCY, 2L), p.layers().get(1).cyclesByResource());
        assertEquals(Map.of("dram", 15L, "mma", 40L, CriticalPath.LATENCY, 2L), p.resources());
        long total = g.stream().mapToLong(CriticalPath.Segment::cycles).sum();
        assertEquals(57, total);
    }

    private static void assertSegment(CriticalPath.Segment s, String layer, String res, long from, long to, long busy,
                                      long latency, String binding) {
        assertEquals(layer, s.layer());
        assertEquals(res, s.resource());
        assertEquals(from, s.startCycle());
        assertEquals(to, s.endCycle());
        assertEquals(busy, s.busyCycles());
        assertEquals(latency, s.latencyCycles());
        assertEquals(binding, s.binding());
    }

    /**
     * Twelve identical layers run back to back on one core (100 cycles of MMA each) while every layer's weights are
     * prefetched at the start, one after another on the DRAM channel (8 cycles each). Spans grow with the layer's
     * index (the staircase); own shares are 108 for layer 0 (its load, then its MMA) and 100 for every other.
     */
    @Test
    void identicalLayersWithEarlyPrefetchGetEqualShares() {
        int n = 12;
        TraceHeader h = header(n);
        TraceStats s = new TraceStats(h);
        CriticalPath.Collector c = new CriticalPath.Collector(h);
        for (int i = 0; i < n; i++) {
            for (var sink : List.<org.nxm.traces.TraceSink>of(s, c)) {
                sink.event(EventKind.LOAD_VALUES, DRAM, 8L * i, 8, i, 2 * i, 80, 0);
                sink.event(EventKind.MMA_SPARSE, CORE, 8 + 100L * i, 100, i, 2 * i + 1, 0, 5000);
            }
        }
        LayerBreakdown b = LayerBreakdown.of(s);
        assertEquals(108, b.layers().get(0).cycles());
        for (int i = 1; i < n; i++) {
            assertEquals(100, b.layers().get(i).cycles(), "layer" + i);
            assertEquals(50.0, b.layers().get(i).macsPerCycle(), 1e-12);
            assertEquals(108 + 92L * i, b.layers().get(i).spanCycles());
        }
        assertTrue(b.layers().get(n - 1).spanCycles() > 10 * b.layers().get(1).cycles());
        CriticalPath p = c.result();
        assertEquals(8 + 100L * n, p.cycles());
        for (int i = 0; i < n; i++) {
            assertEquals(b.layers().get(i).cycles(), p.layers().get(i).cycles(), "layer" + i);
            assertEquals("mma", p.layers().get(i).binding());
        }
        // after layer 0, each MMA queued behind the previous one on the core: one segment per layer
        assertEquals(n + 1, p.segments().size());
        assertEquals(1, p.segments().get(2).queuedEvents());
    }
}
