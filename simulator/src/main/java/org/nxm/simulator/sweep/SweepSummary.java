package org.nxm.simulator.sweep;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What a finished sweep prints, whatever engine ran it: the human lines and the {@code --json} object. */
public final class SweepSummary {
    private SweepSummary() {}

    public static Map<String, Object> json(Sweep.Outcome o, String engine, double wallSeconds) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("points", o.points());
        j.put("ran", o.ran());
        j.put("skipped", o.skipped());
        j.put("engine", engine);
        j.put("csv", o.csv().toString());
        j.put("pareto_svg", o.paretoSvg().toString());
        Map<String, String> plots = new LinkedHashMap<>();
        o.paretoPlots().forEach((k, v) -> plots.put(k, v.toString()));
        j.put("pareto_plots", plots);
        j.put("pareto_front", o.front().stream().map(p -> Map.of("point", p.label(), "area_mm2", p.cost(),
                "speedup_vs_slowest_dense", p.benefit())).toList());
        j.put("wall_s", wallSeconds);
        j.put("points_per_s", wallSeconds > 0 ? o.ran() / wallSeconds : 0);
        return j;
    }

    public static String text(Sweep.Outcome o, String engine, double wallSeconds) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d points (%d run, %d already done) in %.1f s on %s%n", o.points(), o.ran(),
                o.skipped(), wallSeconds, engine));
        sb.append(String.format(Locale.ROOT, "results: %s%nPareto plots: %s%n%nPareto front (modelled area vs speedup over the slowest dense design):%n",
                o.csv(), String.join(", ", o.paretoPlots().values().stream().map(Object::toString).toList())));
        for (ParetoFront.Point p : o.front()) {
            sb.append(String.format(Locale.ROOT, "  %10.1f mm2  %7.2fx  %s%n", p.cost(), p.benefit(), p.label()));
        }
        return sb.toString();
    }
}
