package org.nxm.traces.plot;

import java.util.List;
import java.util.Locale;
import org.nxm.traces.MemoryLevel;
import org.nxm.traces.UnitKind;
import org.nxm.traces.analysis.LayerBreakdown;
import org.nxm.traces.analysis.Timeline;

/**
 * The four SVG plots of {@code nxm trace plot}, written by hand (no plotting library): utilisation and
 * bandwidth timelines, per-layer bars, and a roofline with each layer as a point.
 */
public final class Plots {
    static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};
    static final int W = 960;
    static final int H = 420;
    static final double LEFT = 70, RIGHT = 190, TOP = 40, BOTTOM = 50;

    private Plots() {}

    /** Busy fraction per window of each unit kind present (averaged over the units of that kind). */
    public static String utilisation(Timeline t, String title) {
        Svg svg = new Svg(W, H, title);
        Axis x = new Axis(0, (double) t.windows() * t.window(), LEFT, W - RIGHT, false);
        Axis y = new Axis(0, 100, H - BOTTOM, TOP, false);
        frame(svg, x, y, title, "cycle", "busy %");
        int series = 0;
        for (UnitKind k : UnitKind.values()) {
            if (t.unitsOf(k) == 0) continue;
            double[] xs = new double[t.windows() * 2];
            double[] ys = new double[t.windows() * 2];
            int n = 0;
            for (int w = 0; w < t.windows(); w++) {
                double v = 100 * Math.min(1, t.utilisation(k, w));
                xs[n] = x.px((double) w * t.window());
                ys[n++] = y.px(v);
                xs[n] = x.px((double) (w + 1) * t.window());
                ys[n++] = y.px(v);
            }
            String colour = PALETTE[series % PALETTE.length];
            svg.path(xs, ys, n, colour, 1.5, null);
            legend(svg, series++, colour, k.name().toLowerCase(Locale.ROOT) + " x" + t.unitsOf(k), null);
        }
        return svg.finish();
    }

    /** Bytes per cycle per memory level per window, with each level's declared peak dashed. */
    public static String bandwidth(Timeline t, String title) {
        List<MemoryLevel> levels = t.header().memoryLevels();
        double max = 0;
        for (int l = 0; l < levels.size(); l++) {
            max = Math.max(max, levels.get(l).peakBytesPerCycle());
            for (int w = 0; w < t.windows(); w++) max = Math.max(max, t.bytesPerCycle(l, w));
        }
        Svg svg = new Svg(W, H, title);
        Axis x = new Axis(0, (double) t.windows() * t.window(), LEFT, W - RIGHT, false);
        Axis y = new Axis(0, max * 1.05, H - BOTTOM, TOP, false);
        frame(svg, x, y, title, "cycle", "bytes / cycle");
        for (int l = 0; l < levels.size(); l++) {
            String colour = PALETTE[l % PALETTE.length];
            double[] xs = new double[t.windows() * 2];
            double[] ys = new double[t.windows() * 2];
            int n = 0;
            for (int w = 0; w < t.windows(); w++) {
                double v = t.bytesPerCycle(l, w);
                xs[n] = x.px((double) w * t.window());
                ys[n++] = y.px(v);
                xs[n] = x.px((double) (w + 1) * t.window());
                ys[n++] = y.px(v);
            }
            svg.path(xs, ys, n, colour, 1.5, null);
            double peak = levels.get(l).peakBytesPerCycle();
            if (peak > 0) svg.line(x.pixelFrom, y.px(peak), x.pixelTo, y.px(peak), colour, 1, "6 4");
            legend(svg, l, colour, levels.get(l).name(), peak > 0 ? String.format(Locale.ROOT, "peak %s B/c", Axis.label(peak)) : null);
        }
        return svg.finish();
    }

    /** One horizontal bar per layer: its cycles, coloured by bound, labelled with MACs/cycle. */
    public static String layers(LayerBreakdown b, String title) {
        List<LayerBreakdown.LayerRow> rows = b.layers();
        int barH = 16;
        double left = 300;
        int height = (int) (TOP + BOTTOM + Math.max(1, rows.size()) * (barH + 4));
        Svg svg = new Svg(W, height, title);
        long max = 1;
        for (LayerBreakdown.LayerRow r : rows) max = Math.max(max, r.cycles());
        Axis x = new Axis(0, max * 1.05, left, W - 110, false);
        svg.text(W / 2.0, 22, title, "middle", 15, "font-weight=\"bold\"");
        for (double tick : x.ticks()) {
            svg.line(x.px(tick), TOP - 4, x.px(tick), height - BOTTOM, "#dddddd", 1, null);
            svg.text(x.px(tick), height - BOTTOM + 16, Axis.label(tick), "middle", 11, null);
        }
        svg.text((left + W - 110) / 2, height - 12, "cycles (span of the layer's events)", "middle", 12, null);
        for (int i = 0; i < rows.size(); i++) {
            LayerBreakdown.LayerRow r = rows.get(i);
            double y = TOP + i * (barH + 4);
            String colour = switch (r.bound()) {
                case "memory" -> PALETTE[3];
                case "compute" -> PALETTE[0];
                default -> PALETTE[7];
            };
            svg.text(left - 6, y + barH - 4, shorten(r.name(), 44), "end", 11, null);
            svg.rect(left, y, x.px(r.cycles()) - left, barH, colour, String.format(Locale.ROOT,
                    "%s: %,d cycles, %,d MACs, %,d DRAM bytes, %s-bound", r.name(), r.cycles(), r.macs(), r.dramBytes(), r.bound()));
            svg.text(x.px(r.cycles()) + 4, y + barH - 4, String.format(Locale.ROOT, "%.0f MACs/c", r.macsPerCycle()), "start", 10, null);
        }
        svg.rect(10, 8, 10, 10, PALETTE[0], null).text(24, 17, "compute-bound", "start", 11, null);
        svg.rect(130, 8, 10, 10, PALETTE[3], null).text(144, 17, "memory-bound", "start", 11, null);
        return svg.finish();
    }

    /** Log-log roofline: MACs/cycle against MACs per DRAM byte, the two roofs, one point per layer. */
    public static String roofline(LayerBreakdown b, String title) {
        double peak = Math.max(b.peakMacsPerCycle(), 1e-9);
        double bw = b.peakDramBytesPerCycle();
        double minI = Double.MAX_VALUE, maxI = 0, minP = peak;
        for (LayerBreakdown.LayerRow r : b.layers()) {
            if (r.intensity() == null || r.macs() == 0) continue;
            minI = Math.min(minI, r.intensity());
            maxI = Math.max(maxI, r.intensity());
            minP = Math.min(minP, r.macsPerCycle());
        }
        double ridge = bw > 0 ? peak / bw : 1;
        if (minI == Double.MAX_VALUE) {
            minI = ridge / 10;
            maxI = ridge * 10;
        }
        double xMin = Math.pow(10, Math.floor(Math.log10(Math.min(minI, ridge) / 2)));
        double xMax = Math.pow(10, Math.ceil(Math.log10(Math.max(maxI, ridge) * 2)));
        double yMin = Math.pow(10, Math.floor(Math.log10(Math.max(minP, peak * 1e-4) / 2)));
        double yMax = Math.pow(10, Math.ceil(Math.log10(peak * 1.5)));
        Svg svg = new Svg(W, H, title);
        Axis x = new Axis(xMin, xMax, LEFT, W - RIGHT, true);
        Axis y = new Axis(yMin, yMax, H - BOTTOM, TOP, true);
        frame(svg, x, y, title, "arithmetic intensity (MACs per DRAM byte)", "MACs / cycle");
        int steps = 200;
        double[] xs = new double[steps + 1];
        double[] ys = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            double intensity = xMin * Math.pow(xMax / xMin, (double) i / steps);
            double roof = bw > 0 ? Math.min(peak, intensity * bw) : peak;
            xs[i] = x.px(intensity);
            ys[i] = y.px(Math.max(roof, yMin));
        }
        svg.path(xs, ys, steps + 1, "black", 2, null);
        if (bw > 0) svg.line(x.px(ridge), y.px(peak), x.px(ridge), H - BOTTOM, "#999999", 1, "4 4");
        svg.text(W - RIGHT - 4, y.px(peak) - 6, String.format(Locale.ROOT, "peak %s MACs/cycle", Axis.label(peak)), "end", 11, null);
        int i = 0, notShown = 0;
        for (LayerBreakdown.LayerRow r : b.layers()) {
            if (r.intensity() == null || r.macs() == 0) {
                if (r.macs() > 0) notShown++;
                continue;
            }
            String colour = "memory".equals(r.bound()) ? PALETTE[3] : PALETTE[0];
            svg.circle(x.px(r.intensity()), y.px(Math.max(r.macsPerCycle(), yMin)), 4, colour, String.format(Locale.ROOT,
                    "%s: %.2f MACs/byte, %.1f MACs/cycle (roof %.1f), %s-bound", r.name(), r.intensity(), r.macsPerCycle(),
                    r.attainableMacsPerCycle(), r.bound()));
            i++;
        }
        legend(svg, 0, PALETTE[0], "compute-bound layer", null);
        legend(svg, 1, PALETTE[3], "memory-bound layer", null);
        legend(svg, 2, "black", "roof", bw > 0 ? String.format(Locale.ROOT, "DRAM %s B/cycle", Axis.label(bw)) : null);
        svg.text(W - RIGHT + 12, TOP + 3 * 36 + 12, i + " layers (hover for names)", "start", 11, null);
        if (notShown > 0) svg.text(W - RIGHT + 12, TOP + 3 * 36 + 28, notShown + " without DRAM bytes not shown", "start", 10, "fill=\"#555555\"");
        return svg.finish();
    }

    static void frame(Svg svg, Axis x, Axis y, String title, String xLabel, String yLabel) {
        svg.text(W / 2.0, 22, title, "middle", 15, "font-weight=\"bold\"");
        for (double t : x.ticks()) {
            svg.line(x.px(t), TOP, x.px(t), H - BOTTOM, "#e5e5e5", 1, null);
            svg.text(x.px(t), H - BOTTOM + 16, Axis.label(t), "middle", 11, null);
        }
        for (double t : y.ticks()) {
            svg.line(LEFT, y.px(t), W - RIGHT, y.px(t), "#e5e5e5", 1, null);
            svg.text(LEFT - 6, y.px(t) + 4, Axis.label(t), "end", 11, null);
        }
        svg.line(LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM, "black", 1, null);
        svg.line(LEFT, TOP, LEFT, H - BOTTOM, "black", 1, null);
        svg.text((LEFT + W - RIGHT) / 2, H - 12, xLabel, "middle", 12, null);
        svg.text(16, (TOP + H - BOTTOM) / 2, yLabel, "middle", 12, "transform=\"rotate(-90 16 " + Svg.f((TOP + H - BOTTOM) / 2) + ")\"");
    }

    static void legend(Svg svg, int i, String colour, String label, String sub) {
        double lx = W - RIGHT + 12, ly = TOP + i * 36;
        svg.rect(lx, ly, 14, 4, colour, null);
        svg.text(lx + 20, ly + 6, label, "start", 12, null);
        if (sub != null) svg.text(lx + 20, ly + 20, sub, "start", 10, "fill=\"#555555\"");
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : "..." + s.substring(s.length() - max + 3);
    }
}
