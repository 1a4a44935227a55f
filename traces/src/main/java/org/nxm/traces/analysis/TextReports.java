package org.nxm.traces.analysis;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nxm.traces.TraceEnergy;

/** The human-readable renderings of the analyses (the CLI prints these; {@code --json} prints the records). */
public final class TextReports {
    private TextReports() {}

    public static String summary(Summary s) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "hardware %s%s, clock %s%n", s.hardware(),
                s.hardwareDigest().isEmpty() ? "" : " (" + s.hardwareDigest() + ")", hz(s.clockHz())));
        sb.append(String.format(Locale.ROOT, "cycles %,d (%s), %,d events%s%n", s.cycles(), seconds(s.seconds()), s.events(),
                s.truncated() ? ", TRUNCATED trace" : ""));
        sb.append(String.format(Locale.ROOT, "MACs %,d: %.1f MACs/cycle of %.0f peak (%.1f%%)%n", s.macs(), s.macsPerCycle(),
                s.peakMacsPerCycle(), 100 * s.computeUtilisation()));
        sb.append(String.format(Locale.ROOT, "DRAM bytes %,d%n", s.dramBytes()));
        if (s.energy() != null) {
            TraceEnergy e = s.energy();
            sb.append(e.headline()).append('\n');
            TextTable parts = new TextTable("energy component", "joules", "share %");
            for (Map.Entry<String, Double> c : e.byComponentJ().entrySet())
                parts.row(c.getKey(), String.format(Locale.ROOT, "%.4g", c.getValue()), pct(Ratios.orZero(c.getValue(), e.totalJ())));
            sb.append('\n').append(parts);
        }
        sb.append('\n');
        TextTable units = new TextTable("unit", "kind", "events", "busy cycles", "util %", "stall cycles", "bytes", "MACs");
        for (Summary.UnitRow u : s.units())
            units.row(u.name(), u.kind(), n(u.events()), n(u.busyCycles()), pct(u.utilisation()), n(u.stallCycles()), n(u.bytes()), n(u.macs()));
        sb.append(units).append('\n');
        TextTable levels = new TextTable("memory level", "bytes", "bytes/cycle", "peak bytes/cycle", "util %");
        for (Summary.LevelRow l : s.memoryLevels())
            levels.row(l.name(), n(l.bytes()), f2(l.bytesPerCycle()), f2(l.peakBytesPerCycle()), pct(l.utilisation()));
        sb.append(levels).append('\n');
        TextTable stalls = new TextTable("stall", "cycles", "share %");
        for (Summary.StallRow r : s.stalls()) stalls.row(r.kind(), n(r.cycles()), pct(r.share()));
        stalls.row("total", n(s.stallCycles()), s.stallCycles() == 0 ? "0.0" : "100.0");
        sb.append(stalls);
        if (!s.layers().isEmpty()) {
            TextTable layers = new TextTable("layer (own share)", "cycles", "share %", "MACs/cycle", "bound");
            for (Summary.LayerShareRow r : s.layers()) layers.row(r.name(), n(r.cycles()), pct(r.share()), f2(r.macsPerCycle()), r.bound());
            sb.append('\n').append(layers);
        }
        return sb.toString();
    }

    public static String layers(LayerBreakdown b) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "peak %.0f MACs/cycle, DRAM %.2f bytes/cycle, ridge %s MACs/byte%n%n",
                b.peakMacsPerCycle(), b.peakDramBytesPerCycle(), b.ridgeIntensity() == null ? "-" : f2(b.ridgeIntensity())));
        TextTable t = new TextTable("layer", "cycles", "span", "MACs", "DRAM bytes", "MACs/byte", "MACs/cycle", "roof", "MMA cycles",
                "DRAM cycles", "stall cycles", "bound");
        for (LayerBreakdown.LayerRow r : b.layers())
            t.row(r.name(), n(r.cycles()), n(r.spanCycles()), n(r.macs()), n(r.dramBytes()), r.intensity() == null ? "-" : f2(r.intensity()),
                    f2(r.macsPerCycle()), f2(r.attainableMacsPerCycle()), n(r.mmaCycles()), n(r.dramCycles()), n(r.stallCycles()), r.bound());
        sb.append(t);
        return sb.toString();
    }

    /** The critical path: per-layer table, resource totals, and (when asked) every segment. */
    public static String criticalPath(CriticalPath c, boolean segments) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "critical path: %,d cycles, %,d events in %,d segments (layer x resource)%n",
                c.cycles(), c.steps(), c.segments().size()));
        StringBuilder res = new StringBuilder();
        for (var e : c.resources().entrySet())
            res.append(String.format(Locale.ROOT, "  %s %,d (%s%%)", e.getKey(), e.getValue(), pct(Ratios.orZero(e.getValue(), c.cycles()))));
        sb.append("by resource:").append(res).append("\n\n");
        List<String> cols = new java.util.ArrayList<>(c.resources().keySet());
        List<String> head = new java.util.ArrayList<>(List.of("layer", "cycles", "share %", "binding"));
        head.addAll(cols);
        TextTable t = new TextTable(head.toArray(String[]::new));
        for (CriticalPath.LayerRow r : c.layers()) {
            List<String> row = new java.util.ArrayList<>(List.of(r.layer(), n(r.cycles()), pct(r.share()), r.binding()));
            for (String col : cols) row.add(n(r.cyclesByResource().getOrDefault(col, 0L)));
            t.row(row.toArray(String[]::new));
        }
        sb.append(t);
        if (segments) {
            TextTable s = new TextTable("start", "end", "cycles", "layer", "resource", "busy", "latency", "events", "queued", "binding");
            for (CriticalPath.Segment g : c.segments())
                s.row(n(g.startCycle()), n(g.endCycle()), n(g.cycles()), g.layer(), g.resource(), n(g.busyCycles()),
                        n(g.latencyCycles()), n(g.events()), n(g.queuedEvents()), g.binding());
            sb.append("\n").append(s);
        }
        return sb.toString();
    }

    public static String bandwidth(BandwidthReport r) {
        TextTable t = new TextTable("memory level", "bytes", "avg bytes/cycle", "peak bytes/cycle", "peak at cycle", "declared peak");
        for (BandwidthReport.LevelBandwidth l : r.levels())
            t.row(l.name(), n(l.bytes()), f2(l.averageBytesPerCycle()), f2(l.peakBytesPerCycle()), n(l.peakWindowStart()), f2(l.declaredPeak()));
        return String.format(Locale.ROOT, "%,d windows of %,d cycles over %,d cycles%n%n", r.rows().size(), r.window(), r.cycles()) + t;
    }

    public static String diff(TraceDiff d) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "A %s: %,d cycles, %,d DRAM bytes%nB %s: %,d cycles, %,d DRAM bytes%n", d.a(),
                d.cyclesA(), d.dramBytesA(), d.b(), d.cyclesB(), d.dramBytesB()));
        sb.append("overall: ").append(d.verdict()).append("\n\n");
        TextTable t = new TextTable("layer", "cycles A", "cycles B", "speedup", "DRAM bytes A/B", "MMA A/B", "DRAM time A/B", "bound B", "where")
                .leftAlign(8);
        for (TraceDiff.LayerDiff l : d.layers())
            t.row(l.name(), n(l.cyclesA()), n(l.cyclesB()), x(l.speedup()), x(l.dramBytesRatio()), x(l.mmaRatio()), x(l.dramCyclesRatio()),
                    l.boundB(), l.explanation());
        sb.append(t);
        if (!d.onlyInA().isEmpty()) sb.append("only in A: ").append(String.join(", ", d.onlyInA())).append('\n');
        if (!d.onlyInB().isEmpty()) sb.append("only in B: ").append(String.join(", ", d.onlyInB())).append('\n');
        return sb.toString();
    }

    static String n(long v) { return String.format(Locale.ROOT, "%,d", v); }

    static String f2(double v) { return String.format(Locale.ROOT, "%.2f", v); }

    static String pct(double v) { return String.format(Locale.ROOT, "%.1f", 100 * v); }

    static String x(Double v) { return v == null ? "-" : String.format(Locale.ROOT, "%.2fx", v); }

    static String hz(double hz) {
        return hz >= 1e9 ? String.format(Locale.ROOT, "%.3g GHz", hz / 1e9) : String.format(Locale.ROOT, "%.3g MHz", hz / 1e6);
    }

    static String seconds(double s) {
        if (s >= 1) return String.format(Locale.ROOT, "%.3f s", s);
        if (s >= 1e-3) return String.format(Locale.ROOT, "%.3f ms", s * 1e3);
        return String.format(Locale.ROOT, "%.3f us", s * 1e6);
    }
}
