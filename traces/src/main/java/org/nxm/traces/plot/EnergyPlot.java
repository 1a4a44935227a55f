package org.nxm.traces.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nxm.traces.TraceEnergy;

/** Joules of a traced run as horizontal bars: one group by component, one by layer. */
public final class EnergyPlot {
    private EnergyPlot() {}

    public static String render(TraceEnergy e, String title) {
        List<Map.Entry<String, Double>> rows = new ArrayList<>(e.byComponentJ().entrySet());
        int components = rows.size();
        rows.addAll(e.byLayerJ().entrySet());
        int barH = 14;
        double left = 260, right = Plots.W - 130;
        int height = (int) (Plots.TOP + Plots.BOTTOM + Math.max(1, rows.size()) * (barH + 4) + 16);
        Svg svg = new Svg(Plots.W, height, title);
        double max = 1e-30;
        for (Map.Entry<String, Double> r : rows) max = Math.max(max, r.getValue());
        Axis x = new Axis(0, max * 1.05, left, right, false);
        svg.text(Plots.W / 2.0, 22, title + String.format(Locale.ROOT, " (%.4g J, %.1f W average)", e.totalJ(), e.avgPowerW()),
                "middle", 15, "font-weight=\"bold\"");
        for (double tick : x.ticks()) {
            svg.line(x.px(tick), Plots.TOP - 4, x.px(tick), height - Plots.BOTTOM, "#dddddd", 1, null);
            svg.text(x.px(tick), height - Plots.BOTTOM + 16, Axis.label(tick), "middle", 11, null);
        }
        svg.text((left + right) / 2, height - 12, "joules", "middle", 12, null);
        for (int i = 0; i < rows.size(); i++) {
            Map.Entry<String, Double> r = rows.get(i);
            double y = Plots.TOP + i * (barH + 4) + (i >= components ? 16 : 0);
            String colour = i < components ? Plots.PALETTE[1] : Plots.PALETTE[0];
            String name = (i < components ? "component " : "layer ") + r.getKey();
            svg.text(left - 6, y + barH - 3, name.length() > 40 ? name.substring(0, 39) + "…" : name, "end", 11, null);
            svg.rect(left, y, Math.max(0, x.px(r.getValue()) - left), barH, colour,
                    String.format(Locale.ROOT, "%s: %.4g J (%.1f%%)", name, r.getValue(), e.totalJ() > 0 ? 100 * r.getValue() / e.totalJ() : 0));
            svg.text(x.px(r.getValue()) + 4, y + barH - 3, String.format(Locale.ROOT, "%.1f%%",
                    e.totalJ() > 0 ? 100 * r.getValue() / e.totalJ() : 0), "start", 10, null);
        }
        return svg.finish();
    }
}
