package org.nxm.simulator.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nxm.model.io.AtomicOutput;
import org.nxm.traces.plot.ScatterPlot;

/**
 * The sweep's Pareto fronts on real objectives: speed vs energy, speed vs area, energy vs area. Speed
 * is the speedup over the model's slowest dense design (its slowest point when no dense row exists), so
 * hardware and sparsity gains share one axis; energy is joules per inference. Fronts are per model (one
 * model's joules do not compete with another's). Each row gets a true/false column per front; each
 * front gets an SVG with its points joined and the dominated points in grey.
 */
final class SweepPareto {
    private SweepPareto() {}

    static final String GREY = "#c7c7c7";

    /** One objective pair: its CSV column, its plot file suffix, and how a row maps to (cost, benefit). */
    enum Front {
        SPEED_ENERGY("pareto_speed_energy", "pareto-speed-energy.svg", "Design space: speed vs energy",
                "energy per inference (J, log)", "speedup over slowest dense design", true, false),
        SPEED_AREA("pareto_speed_area", "pareto.svg", "Design space: speed vs area",
                "modelled area (mm², log)", "speedup over slowest dense design", true, false),
        ENERGY_AREA("pareto_energy_area", "pareto-energy-area.svg", "Design space: energy vs area",
                "modelled area (mm², log)", "energy per inference (J, log)", true, true);

        final String column, file, title, xLabel, yLabel;
        final boolean logX, logY;

        Front(String column, String file, String title, String xLabel, String yLabel, boolean logX, boolean logY) {
            this.column = column;
            this.file = file;
            this.title = title;
            this.xLabel = xLabel;
            this.yLabel = yLabel;
            this.logX = logX;
            this.logY = logY;
        }

        /** Lower cost and higher benefit win. */
        ParetoFront.Point point(String label, double speed, double energy, double area) {
            return switch (this) {
                case SPEED_ENERGY -> new ParetoFront.Point(label, energy, speed);
                case SPEED_AREA -> new ParetoFront.Point(label, area, speed);
                case ENERGY_AREA -> new ParetoFront.Point(label, area, -energy);
            };
        }

        double plotX(ParetoFront.Point p) { return p.cost(); }

        double plotY(ParetoFront.Point p) { return this == ENERGY_AREA ? -p.benefit() : p.benefit(); }
    }

    static List<String> columns() {
        List<String> c = new ArrayList<>();
        for (Front f : Front.values()) c.add(f.column);
        return c;
    }

    /**
     * @param plots the SVG written per front (the speed-vs-area one is {@code OUT-pareto.svg})
     * @param speedAreaFront the speed-vs-area front over all rows' models, sorted by area
     * @param rows the CSV rows with the front columns filled in
     */
    record Result(Map<String, Path> plots, List<ParetoFront.Point> speedAreaFront, List<String> rows) {}

    static Result write(List<String> cols, List<String> csvRows, Path out) {
        List<String[]> rows = new ArrayList<>();
        for (String line : csvRows) rows.add(SweepJournal.Csv.split(line));
        int iPattern = cols.indexOf("pattern"), iTime = cols.indexOf("time_ms"),
                iArea = cols.indexOf("area_mm2"), iHw = cols.indexOf("hardware"), iEnergy = cols.indexOf("energy_per_inference_j");
        // Decoder rows: a model's workload is its (phase, batch, context); compare like with like.
        List<String> workloads = new ArrayList<>();
        for (String[] r : rows) workloads.add(workload(cols, r));
        Map<String, Double> slowestDense = new LinkedHashMap<>();
        Map<String, Double> slowestAny = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            double t = Double.parseDouble(r[iTime]);
            slowestAny.merge(workloads.get(i), t, Math::max);
            if (r[iPattern].equals("dense")) slowestDense.merge(workloads.get(i), t, Math::max);
        }
        String base = stripExtension(out.getFileName().toString());
        Map<String, Path> plots = new LinkedHashMap<>();
        List<ParetoFront.Point> speedAreaFront = List.of();
        for (Front f : Front.values()) {
            Map<String, List<ParetoFront.Point>> byModel = new LinkedHashMap<>();
            List<ParetoFront.Point> all = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                String[] r = rows.get(i);
                String w = workloads.get(i);
                double ref = slowestDense.getOrDefault(w, slowestAny.get(w));
                ParetoFront.Point p = f.point(r[iHw] + " " + w + " " + r[iPattern], ref / Double.parseDouble(r[iTime]),
                        Double.parseDouble(r[iEnergy]), Double.parseDouble(r[iArea]));
                all.add(p);
                byModel.computeIfAbsent(w, k -> new ArrayList<>()).add(p);
            }
            Set<ParetoFront.Point> onFront = Collections.newSetFromMap(new IdentityHashMap<>());
            List<ScatterPlot.Series> series = new ArrayList<>();
            List<ScatterPlot.Point> dominated = new ArrayList<>();
            for (Map.Entry<String, List<ParetoFront.Point>> e : byModel.entrySet()) {
                List<ParetoFront.Point> front = ParetoFront.of(e.getValue());
                onFront.addAll(front);
                List<ScatterPlot.Point> pts = new ArrayList<>();
                for (ParetoFront.Point p : front) pts.add(new ScatterPlot.Point(f.plotX(p), f.plotY(p), p.label()));
                series.add(new ScatterPlot.Series("front: " + e.getKey(), pts, true));
            }
            for (ParetoFront.Point p : all) {
                if (!onFront.contains(p)) dominated.add(new ScatterPlot.Point(f.plotX(p), f.plotY(p), p.label() + " (dominated)"));
            }
            series.add(new ScatterPlot.Series("dominated", dominated, false, GREY));
            int col = cols.indexOf(f.column);
            for (int i = 0; i < rows.size(); i++) rows.get(i)[col] = Boolean.toString(onFront.contains(all.get(i)));
            Path svg = out.resolveSibling(base + "-" + f.file);
            AtomicOutput.writeString(svg, ScatterPlot.render(f.title, f.xLabel, f.yLabel, f.logX, f.logY, series));
            plots.put(f.column, svg);
            if (f == Front.SPEED_AREA) speedAreaFront = ParetoFront.of(all);
        }
        List<String> lines = new ArrayList<>();
        for (String[] r : rows) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int c = 0; c < cols.size(); c++) m.put(cols.get(c), r[c]);
            lines.add(SweepJournal.Csv.line(cols, m));
        }
        return new Result(plots, speedAreaFront, lines);
    }

    /** The model, or for a decoder row its workload: model, phase, batch and KV-cache length. */
    private static String workload(List<String> cols, String[] r) {
        int iModel = cols.indexOf("model"), iPhase = cols.indexOf("phase");
        if (iPhase < 0 || r[iPhase].isEmpty()) return r[iModel];
        return r[iModel] + " " + r[iPhase] + " b" + r[cols.indexOf("batch")] + " ctx" + r[cols.indexOf("context")];
    }

    static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
