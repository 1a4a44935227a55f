package org.nxm.traces.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nxm.traces.EventKind;
import org.nxm.traces.RandomTraces;
import org.nxm.traces.TraceEvent;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.UnitKind;
import org.nxm.traces.synthetic.SyntheticWorkload;

class AnalysesTest {

    private static TraceStats stats(TraceHeader h, List<TraceEvent> events) {
        TraceStats s = new TraceStats(h);
        for (TraceEvent e : events) e.emitTo(s);
        return s;
    }

    @Test
    void summaryEqualsIndependentSumsOverGeneratedEvents() {
        TraceHeader h = RandomTraces.header();
        List<TraceEvent> events = RandomTraces.events(42, 50_000, false);
        Summary s = Summary.of(stats(h, events), false);

        long cycles = events.stream().mapToLong(TraceEvent::end).max().orElse(0);
        long macs = events.stream().mapToLong(TraceEvent::macs).sum();
        int dram = h.dramLevel();
        long dramBytes = events.stream().filter(e -> h.units().get(e.unit()).memoryLevel() == dram).mapToLong(TraceEvent::bytes).sum();
        assertEquals(cycles, s.cycles());
        assertEquals(macs, s.macs());
        assertEquals(dramBytes, s.dramBytes());
        assertEquals(events.size(), s.events());
        for (int u = 0; u < h.units().size(); u++) {
            int unit = u;
            long busy = events.stream().filter(e -> e.unit() == unit && !e.kind().isStall()).mapToLong(TraceEvent::duration).sum();
            long stall = events.stream().filter(e -> e.unit() == unit && e.kind().isStall()).mapToLong(TraceEvent::duration).sum();
            assertEquals(busy, s.units().get(u).busyCycles(), h.units().get(u).name());
            assertEquals(stall, s.units().get(u).stallCycles());
            assertEquals((double) busy / cycles, s.units().get(u).utilisation(), 1e-12);
        }
        for (int l = 0; l < h.memoryLevels().size(); l++) {
            int level = l;
            long bytes = events.stream().filter(e -> h.units().get(e.unit()).memoryLevel() == level)
                    .mapToLong(TraceEvent::bytes).sum();
            assertEquals(bytes, s.memoryLevels().get(l).bytes());
        }
        long stallTotal = 0;
        for (Summary.StallRow r : s.stalls()) {
            EventKind k = EventKind.valueOf(r.kind().toUpperCase());
            long c = events.stream().filter(e -> e.kind() == k).mapToLong(TraceEvent::duration).sum();
            assertEquals(c, r.cycles());
            stallTotal += c;
        }
        assertEquals(stallTotal, s.stallCycles());
        assertEquals((double) macs / cycles / h.peakMacsPerCycle(), s.computeUtilisation(), 1e-12);
    }

    @Test
    void layersEqualIndependentSpansAndTotals() {
        TraceHeader h = RandomTraces.header();
        List<TraceEvent> events = RandomTraces.events(7, 20_000, false);
        LayerBreakdown b = LayerBreakdown.of(stats(h, events));
        Map<Integer, List<TraceEvent>> byLayer = new HashMap<>();
        for (TraceEvent e : events) byLayer.computeIfAbsent(e.layer(), k -> new ArrayList<>()).add(e);
        assertEquals(byLayer.size(), b.layers().size());
        for (LayerBreakdown.LayerRow r : b.layers()) {
            List<TraceEvent> es = byLayer.get(r.index());
            long first = es.stream().mapToLong(TraceEvent::start).min().orElseThrow();
            long last = es.stream().mapToLong(TraceEvent::end).max().orElseThrow();
            assertEquals(last - first, r.spanCycles(), r.name());
            assertEquals(es.stream().mapToLong(TraceEvent::macs).sum(), r.macs());
            long dram = es.stream().filter(e -> h.units().get(e.unit()).kind() == UnitKind.DRAM_CHANNEL)
                    .mapToLong(TraceEvent::bytes).sum();
            assertEquals(dram, r.dramBytes());
            assertEquals(es.stream().filter(e -> e.kind().isMma()).mapToLong(TraceEvent::duration).sum(), r.mmaCycles());
            assertEquals(r.index() < 0 ? LayerBreakdown.NO_LAYER : h.layers().get(r.index()), r.name());
        }
        // own shares: completion to completion in program order, the tail to (no layer); they add up to the run
        long frontier = 0, total = 0;
        for (LayerBreakdown.LayerRow r : b.layers()) {
            long last = byLayer.get(r.index()).stream().mapToLong(TraceEvent::end).max().orElseThrow();
            if (r.index() >= 0) {
                assertEquals(Math.max(0, last - frontier), r.cycles(), r.name());
                frontier = Math.max(frontier, last);
            }
            total += r.cycles();
        }
        assertEquals(events.stream().mapToLong(TraceEvent::end).max().orElseThrow(), total);
    }

    @Test
    void boundFollowsTheRidgePoint() {
        TraceHeader.Builder hb = TraceHeader.builder().clockHz(1e9);
        int dram = hb.memoryLevel("dram", 10);
        hb.unit("core", UnitKind.CORE, -1, 1000); // ridge: 1000 / 10 = 100 MACs per byte
        hb.unit("ch", UnitKind.DRAM_CHANNEL, dram, 10);
        hb.layer("low");
        hb.layer("high");
        hb.layer("vector");
        TraceHeader h = hb.build();
        TraceStats s = new TraceStats(h);
        s.event(EventKind.LOAD_VALUES, 1, 0, 100, 0, 1, 1000, 0);
        s.event(EventKind.MMA_SPARSE, 0, 100, 50, 0, 2, 0, 50_000); // 50 MACs/byte: memory-bound
        s.event(EventKind.LOAD_VALUES, 1, 200, 10, 1, 3, 100, 0);
        s.event(EventKind.MMA_DENSE, 0, 210, 200, 1, 4, 0, 200_000); // 2000 MACs/byte: compute-bound
        s.event(EventKind.VECTOR, 0, 500, 10, 2, 5, 0, 0);
        LayerBreakdown b = LayerBreakdown.of(s);
        assertEquals(100.0, b.ridgeIntensity(), 1e-12);
        assertEquals("memory", b.layers().get(0).bound());
        assertEquals(500.0, b.layers().get(0).attainableMacsPerCycle(), 1e-9);
        assertEquals(50_000.0 / 150, b.layers().get(0).macsPerCycle(), 1e-9);
        assertEquals("compute", b.layers().get(1).bound());
        assertEquals(1000.0, b.layers().get(1).attainableMacsPerCycle(), 1e-9);
        assertEquals("vector", b.layers().get(2).bound());
        assertNull(b.layers().get(2).intensity());
    }

    @Test
    void bandwidthSpreadsBytesOverWindowsAndConservesThem() {
        TraceHeader h = RandomTraces.header();
        Timeline t = new Timeline(h, 100, 300);
        t.event(EventKind.LOAD_VALUES, 3, 50, 100, 0, 0, 100, 0); // dram: 50 bytes in window 0, 50 in window 1
        t.event(EventKind.STORE, 2, 250, 0, 0, 0, 40, 0); // shared: zero-length, all in window 2
        assertEquals(0.5, t.bytesPerCycle(0, 0), 1e-12);
        assertEquals(0.5, t.bytesPerCycle(0, 1), 1e-12);
        assertEquals(0.0, t.bytesPerCycle(0, 2), 1e-12);
        assertEquals(0.4, t.bytesPerCycle(1, 2), 1e-12);
        assertEquals(0.25, t.utilisation(UnitKind.DRAM_CHANNEL, 0), 1e-12); // 50 busy cycles of 2 channels x 100

        List<TraceEvent> events = RandomTraces.events(3, 10_000, false);
        long last = events.stream().mapToLong(TraceEvent::end).max().orElseThrow();
        Timeline big = new Timeline(h, 777, last);
        for (TraceEvent e : events) e.emitTo(big);
        BandwidthReport r = BandwidthReport.of(big, last);
        Summary s = Summary.of(stats(h, events), false);
        for (int l = 0; l < h.memoryLevels().size(); l++) {
            assertEquals(s.memoryLevels().get(l).bytes(), r.levels().get(l).bytes(), 1.0);
            double max = 0;
            for (BandwidthReport.Row row : r.rows()) max = Math.max(max, row.bytesPerCycle()[l]);
            assertEquals(max, r.levels().get(l).peakBytesPerCycle(), 0);
            assertEquals((double) s.memoryLevels().get(l).bytes() / last, r.levels().get(l).averageBytesPerCycle(), 1e-6);
        }
    }

    @Test
    void diffSaysWhereTheSpeedupCameFrom() {
        SyntheticWorkload.Spec dense = SyntheticWorkload.Spec.minilm(4, 4);
        SyntheticWorkload.Spec sparse = SyntheticWorkload.Spec.minilm(2, 4);
        TraceStats a = new TraceStats(SyntheticWorkload.header(dense));
        SyntheticWorkload.generate(dense, a, Long.MAX_VALUE);
        TraceStats b = new TraceStats(SyntheticWorkload.header(sparse));
        SyntheticWorkload.generate(sparse, b, Long.MAX_VALUE);
        TraceDiff d = TraceDiff.of("dense", a, "2:4", b);
        assertEquals(48, d.layers().size());
        assertTrue(d.onlyInA().isEmpty() && d.onlyInB().isEmpty());
        assertEquals((double) a.cycles() / b.cycles(), d.speedup(), 1e-12);
        assertTrue(d.mmaRatio() > 1.5 && d.mmaRatio() < 2.0, "" + d.mmaRatio()); // attention GEMMs stay dense
        TraceDiff.LayerDiff q = d.layers().get(0);
        assertEquals(2.0, q.mmaRatio(), 1e-12); // half the MACs at the same rate
        assertEquals("encoder.layer.0.attention.self.query", q.name());
        assertTrue(q.explanation().contains("MMA time shrank 2.00x"), q.explanation());
        TraceDiff.LayerDiff scores = d.layers().get(3); // attention stays dense: no change
        assertTrue(scores.explanation().contains("MMA time did not shrink, no DRAM traffic"), scores.explanation());
        assertNotNull(d.verdict());
    }

    @Test
    void explanationNamesTheMemoryCap() {
        String e = TraceDiff.explain("2:4", 1.2, 2.0, 1.0, 1.3, "memory", false, false);
        assertTrue(e.startsWith("1.20x faster: MMA time shrank 2.00x, DRAM time did not shrink (DRAM bytes 1.30x fewer)"), e);
        assertTrue(e.endsWith("capped because 2:4 is memory-bound"), e);
        assertEquals("about the same: no MMA, no DRAM traffic", TraceDiff.explain("B", 1.0, null, null, null, "idle", true, true));
        assertTrue(TraceDiff.explain("B", 0.5, 1.0, 0.5, null, "compute", false, false).startsWith("2.00x slower: MMA time did not shrink, DRAM time grew 2.00x"));
    }
}
