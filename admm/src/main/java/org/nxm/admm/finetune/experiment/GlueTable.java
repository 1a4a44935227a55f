package org.nxm.admm.finetune.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.inference.WilcoxonSignedRankTest;

/**
 * The GLUE-style summary of finished runs (journal records): per method, each task's score (GLUE's
 * metric ×100) as mean ± sd over seeds with the per-seed values, the average over tasks (only for a
 * method with runs on every task), and a paired comparison of each sparse method against a baseline
 * (ASP) over the (task, seed) pairs both have: mean difference ± sd, wins, the two-sided sign test and
 * Wilcoxon's signed-rank test (Commons Math; zero differences dropped, exact p for up to 30 pairs).
 */
public final class GlueTable {
    /** One method's scores on one task: seed → score. */
    public record Cell(Map<Long, Double> bySeed) {
        public DescriptiveStatistics stats() {
            DescriptiveStatistics d = new DescriptiveStatistics();
            bySeed.values().forEach(d::addValue);
            return d;
        }
    }

    /** A paired comparison of {@code method} against {@code baseline} over matching (task, seed) runs. */
    public record Paired(String method, String baseline, int pairs, double meanDifference, double sdDifference,
                         int wins, int losses, double signTestP, double wilcoxonP) {}

    private final List<String> tasks = new ArrayList<>();
    private final List<String> methods = new ArrayList<>();
    private final Map<String, Map<String, Cell>> cells = new LinkedHashMap<>(); // method → task → cell

    public GlueTable(List<? extends JsonNode> runs) {
        Set<String> t = new LinkedHashSet<>(), m = new LinkedHashSet<>();
        for (JsonNode r : runs) {
            String task = r.get("task").asText(), method = r.get("method").asText();
            t.add(task);
            m.add(method);
            cells.computeIfAbsent(method, k -> new LinkedHashMap<>()).computeIfAbsent(task, k -> new Cell(new LinkedHashMap<>()))
                    .bySeed().put(r.get("seed").asLong(), r.get("score").asDouble());
        }
        tasks.addAll(t);
        methods.addAll(m);
    }

    public List<String> tasks() { return List.copyOf(tasks); }
    public List<String> methods() { return List.copyOf(methods); }

    public Cell cell(String method, String task) {
        return cells.getOrDefault(method, Map.of()).get(task);
    }

    /** The mean over tasks of the method's per-task means; NaN unless it has runs on every task of the table. */
    public double average(String method) {
        double sum = 0;
        for (String task : tasks) {
            Cell c = cell(method, task);
            if (c == null) return Double.NaN;
            sum += c.stats().getMean();
        }
        return sum / tasks.size();
    }

    public Paired paired(String method, String baseline) {
        List<Double> diffs = new ArrayList<>();
        for (String task : tasks) {
            Cell a = cell(method, task), b = cell(baseline, task);
            if (a == null || b == null) continue;
            a.bySeed().forEach((seed, v) -> {
                Double w = b.bySeed().get(seed);
                if (w != null) diffs.add(v - w);
            });
        }
        DescriptiveStatistics d = new DescriptiveStatistics();
        diffs.forEach(d::addValue);
        int wins = (int) diffs.stream().filter(x -> x > 0).count(), losses = (int) diffs.stream().filter(x -> x < 0).count();
        return new Paired(method, baseline, diffs.size(), d.getN() == 0 ? Double.NaN : d.getMean(),
                d.getN() > 1 ? d.getStandardDeviation() : Double.NaN, wins, losses, signTest(wins, losses), wilcoxon(diffs));
    }

    /** Two-sided sign test: P(as few as min(wins, losses) of n = wins + losses fair coin flips), doubled, capped at 1. */
    static double signTest(int wins, int losses) {
        int n = wins + losses;
        if (n == 0) return Double.NaN;
        return Math.min(1, 2 * new BinomialDistribution(null, n, 0.5).cumulativeProbability(Math.min(wins, losses)));
    }

    /** Wilcoxon signed-rank two-sided p of the non-zero differences (NaN with fewer than 2 such pairs). */
    static double wilcoxon(List<Double> diffs) {
        double[] nz = diffs.stream().filter(x -> x != 0).mapToDouble(Double::doubleValue).toArray();
        if (nz.length < 2) return Double.NaN;
        double[] zero = new double[nz.length];
        return new WilcoxonSignedRankTest().wilcoxonSignedRankTest(nz, zero, nz.length <= 30);
    }

    /** The table as text lines: one row per method, one column per task, then the average and the paired test. */
    public List<String> render(String baseline) {
        List<String> out = new ArrayList<>();
        StringBuilder h = new StringBuilder(String.format("%-10s", "method"));
        for (String t : tasks) h.append(String.format(" %22s", t));
        h.append(String.format(" %8s", "average"));
        out.add(h.toString());
        for (String m : methods) {
            StringBuilder row = new StringBuilder(String.format("%-10s", m));
            for (String t : tasks) {
                Cell c = cell(m, t);
                if (c == null) { row.append(String.format(" %22s", "–")); continue; }
                DescriptiveStatistics s = c.stats();
                row.append(String.format(" %22s", s.getN() > 1 ? String.format("%.2f ± %.2f (%d)", s.getMean(), s.getStandardDeviation(), s.getN())
                        : String.format("%.2f (1)", s.getMean())));
            }
            double avg = average(m);
            row.append(String.format(" %8s", Double.isNaN(avg) ? "–" : String.format("%.2f", avg)));
            out.add(row.toString());
        }
        if (methods.contains(baseline)) {
            out.add("");
            out.add("paired over (task, seed) vs " + baseline + ": mean diff ± sd, wins/losses, sign test p, Wilcoxon p");
            for (String m : methods) {
                if (m.equals(baseline)) continue;
                Paired p = paired(m, baseline);
                if (p.pairs() == 0) continue;
                out.add(String.format("%-10s %+.2f ± %s over %d pairs, %d/%d, p = %s, p = %s", m, p.meanDifference(),
                        Double.isNaN(p.sdDifference()) ? "–" : String.format("%.2f", p.sdDifference()), p.pairs(), p.wins(), p.losses(),
                        fmt(p.signTestP()), fmt(p.wilcoxonP())));
            }
        }
        out.add("");
        out.add("per seed:");
        for (String m : methods) {
            for (String t : tasks) {
                Cell c = cell(m, t);
                if (c == null) continue;
                StringBuilder sb = new StringBuilder(String.format("  %-10s %-6s", m, t));
                c.bySeed().forEach((seed, v) -> sb.append(String.format(" s%d=%.2f", seed, v)));
                out.add(sb.toString());
            }
        }
        return out;
    }

    private static String fmt(double p) {
        return Double.isNaN(p) ? "–" : String.format("%.3g", p);
    }

    /** The summary as plain maps and lists (for --json). */
    public Map<String, Object> toMap(String baseline) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("tasks", tasks);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String m : methods) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("method", m);
            Map<String, Object> per = new LinkedHashMap<>();
            for (String t : tasks) {
                Cell c = cell(m, t);
                if (c == null) continue;
                DescriptiveStatistics s = c.stats();
                Map<String, Object> cellMap = new LinkedHashMap<>();
                cellMap.put("mean", s.getMean());
                cellMap.put("sd", s.getN() > 1 ? s.getStandardDeviation() : null);
                cellMap.put("seeds", c.bySeed());
                per.put(t, cellMap);
            }
            row.put("tasks", per);
            double avg = average(m);
            row.put("average", Double.isNaN(avg) ? null : avg);
            if (!m.equals(baseline) && methods.contains(baseline)) {
                Paired p = paired(m, baseline);
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("baseline", baseline);
                pm.put("pairs", p.pairs());
                pm.put("mean_difference", nan(p.meanDifference()));
                pm.put("sd_difference", nan(p.sdDifference()));
                pm.put("wins", p.wins());
                pm.put("losses", p.losses());
                pm.put("sign_test_p", nan(p.signTestP()));
                pm.put("wilcoxon_p", nan(p.wilcoxonP()));
                row.put("paired", pm);
            }
            rows.add(row);
        }
        doc.put("methods", rows);
        return doc;
    }

    private static Double nan(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
