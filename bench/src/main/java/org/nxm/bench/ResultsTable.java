package org.nxm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.LinearSpec;
import org.nxm.model.transformer.MiniLm;
import org.nxm.model.transformer.TokenBatch;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.simulator.tensorcore.HardwareParams;
import org.nxm.simulator.tensorcore.SyntheticGemm;

/**
 * Turns a JMH JSON result file ({@code -rf json -rff FILE}) into the Markdown table of {@code bench/README.md}:
 * score ± 99.9% error, the median iteration, and a derived figure per benchmark (GFLOP/s, GB/s, tokens/s,
 * events/s, MMA instructions/s) computed from the median and the benchmark's own shape, then the ratios
 * worth quoting, all from the same run. The work per operation is computed from the same shapes the
 * benchmarks use (not typed in), so the derived figures follow the benchmarks if they change.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/nxm-benchmarks.jar org.nxm.bench.ResultsTable /tmp/bench.json</pre>
 */
public final class ResultsTable {
    /** SCALE-Sim v2's own wall time for 512³ on a 32×32 OS array (systolic README), for the ratio. */
    static final double SCALESIM_512_SECONDS = 19.0;

    private record Row(String bench, String method, Map<String, String> params, String unit,
                       double score, double error, double median, Map<String, JsonNode> secondary) {
        String param(String k) { return params.getOrDefault(k, ""); }
    }

    private ResultsTable() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ResultsTable JMH-RESULT.json");
            System.exit(2);
        }
        JsonNode root = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        List<Row> rows = new ArrayList<>();
        for (JsonNode b : root) {
            String full = b.get("benchmark").asText();
            String[] parts = full.substring(full.lastIndexOf(".", full.lastIndexOf(".") - 1) + 1).split("\\.");
            Map<String, String> params = new java.util.LinkedHashMap<>();
            if (b.has("params")) {
                for (Iterator<Map.Entry<String, JsonNode>> it = b.get("params").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    params.put(e.getKey(), e.getValue().asText());
                }
            }
            JsonNode pm = b.get("primaryMetric");
            Map<String, JsonNode> sec = new HashMap<>();
            if (b.has("secondaryMetrics")) b.get("secondaryMetrics").fields().forEachRemaining(e -> sec.put(e.getKey(), e.getValue()));
            rows.add(new Row(parts[0], parts[1], params, pm.get("scoreUnit").asText(), pm.get("score").asDouble(),
                    pm.get("scoreError").asDouble(), pm.get("scorePercentiles").get("50.0").asDouble(), sec));
        }
        // JMH runs throughput benchmarks before average-time ones; the table reads better by class.
        rows.sort(java.util.Comparator.comparing(Row::bench).thenComparing(Row::method));
        System.out.println("| Benchmark | Parameters | Score ± error | Units | Median | Derived (from the median) |");
        System.out.println("|---|---|---:|---|---:|---|");
        for (Row r : rows) {
            String params = String.join(" ", r.params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
            System.out.printf(Locale.ROOT, "| %s.%s | %s | %s ± %s | %s | %s | %s |%n", r.bench, r.method, params,
                    fmt(r.score), fmt(r.error), r.unit, fmt(r.median), derived(r));
            for (Map.Entry<String, JsonNode> e : r.secondary.entrySet()) {
                JsonNode m = e.getValue();
                System.out.printf(Locale.ROOT, "| %s.%s:%s | %s | %s ± %s | %s | %s | |%n", r.bench, r.method, e.getKey(), params,
                        fmt(m.get("score").asDouble()), fmt(m.get("scoreError").asDouble()), m.get("scoreUnit").asText(),
                        fmt(m.get("scorePercentiles").get("50.0").asDouble()));
            }
        }
        System.out.println();
        ratios(rows);
    }

    private static String derived(Row r) {
        double m = r.median;
        switch (r.bench) {
            case "MatMulBench": {
                String[] p = r.param("shape").split("x");
                double flops = 2.0 * Long.parseLong(p[0]) * Long.parseLong(p[1]) * Long.parseLong(p[2]);
                return String.format(Locale.ROOT, "%.1f GFLOP/s", flops / (m * 1e-6) / 1e9);   // µs/op
            }
            case "EncodingBench": {
                double n = Double.parseDouble(r.param("size"));
                return String.format(Locale.ROOT, "%.2f GB/s of float16 input", n * n * 2 / (m * 1e-3) / 1e9);   // ms/op
            }
            case "EncoderBench": {
                EncoderBench e = new EncoderBench();
                e.sentences = Integer.parseInt(r.param("sentences"));
                TokenBatch b = MiniLm.loadTokenizer().batch(texts(e.sentences));
                double flops = linearFlops(TransformerConfig.preset("minilm-l6"), b.rows());
                return String.format(Locale.ROOT, "%.1f GFLOP/s in Linears (%d×%d tokens)", flops / (m * 1e-3) / 1e9,
                        b.batchSize(), b.seqLen());
            }
            case "FinetuneBench":
                return String.format(Locale.ROOT, "%.0f training tokens/s (%d×%d per step)",
                        FinetuneBench.SEQUENCES * FinetuneBench.TOKENS / (m * 1e-3), FinetuneBench.SEQUENCES, FinetuneBench.TOKENS);
            case "FunctionalSimBench": {
                double tokens = FunctionalSimBench.SEQ;
                return String.format(Locale.ROOT, "%.0f tokens/s", tokens / (m * 1e-3));
            }
            case "PruneBench": {
                double in = PruneBench.IN, out = PruneBench.OUT;
                double macs = switch (r.method) {
                    case "admmIteration" -> out * in * in;              // two triangular solves, 384 right-hand sides
                    case "choleskyFactor" -> in * in * in / 6;
                    case "hessianAccumulation" -> PruneBench.TOKENS * in * in / 2;
                    default -> Double.NaN;
                };
                return String.format(Locale.ROOT, "%.1f GFLOP/s", 2 * macs / (m * 1e-3) / 1e9);
            }
            case "ScaleSimBench":
                // SCALE-Sim's 19 s was measured for the OS dataflow only.
                return r.method.equals("gemm512Array32") && r.param("dataflow").equals("os")
                        ? String.format(Locale.ROOT, "%,.0f× faster than SCALE-Sim's %.0f s", SCALESIM_512_SECONDS / (m * 1e-3), SCALESIM_512_SECONDS)
                        : "";
            case "SimulatorBench": {
                SimulatorBench s = new SimulatorBench();
                s.size = Integer.parseInt(r.param("size"));
                var hw = HardwareParams.from(HardwareConfig.preset("a100"));
                long ops = SyntheticGemm.gemm(hw, s.size * 3, s.size * 3, s.size * 4, NmPattern.TWO_FOUR, 128, 128, 64).size();
                return String.format(Locale.ROOT, "%.2f M tile ops/s (%,d ops per run)", m * ops / 1e6, ops);
            }
            case "TraceBench":
                return String.format(Locale.ROOT, "%.1f M events/s", m / 1e6);
            case "SimulateBench": {
                JsonNode mma = r.secondary.get("mmaInstructions"), ops = r.secondary.get("tileOps");
                if (mma == null || ops == null) return "";
                // The counters are totals over each iteration divided by its time; over the runs/s they give per-run counts.
                double mmaRate = mma.get("scorePercentiles").get("50.0").asDouble(), opRate = ops.get("scorePercentiles").get("50.0").asDouble();
                return String.format(Locale.ROOT, "%.2f M simulated MMA instr/s, %.0f k tile ops/s; %.2f s per run (%.2f M MMA instr, %.0f k tile ops)",
                        mmaRate / 1e6, opRate / 1e3, 1 / m, mma.get("score").asDouble() / r.score / 1e6, ops.get("score").asDouble() / r.score / 1e3);
            }
            default:
                return "";
        }
    }

    private static void ratios(List<Row> rows) {
        System.out.println("Ratios (medians, same run):");
        System.out.println();
        for (Row v : rows) {
            if (v.bench.equals("MatMulBench") && v.param("kernel").equals("vector")) {
                Row p = find(rows, v.bench, v.method, "kernel", "plain", "shape", v.param("shape"));
                if (p != null) System.out.printf(Locale.ROOT, "- matmul %s %s: Vector API %.2f× the plain fallback%n",
                        v.method, v.param("shape"), p.median / v.median);
            }
            if (v.bench.equals("ScaleSimBench") && v.method.equals("gemm512Array32") && v.param("dataflow").equals("os")) {
                System.out.printf(Locale.ROOT, "- systolic 512³ on 32×32, %s: nxm %s ms vs SCALE-Sim %.0f s = %,.0f× faster%n",
                        v.param("dataflow"), fmt(v.median), SCALESIM_512_SECONDS, SCALESIM_512_SECONDS * 1e3 / v.median);
            }
            if (v.bench.equals("TraceBench") && v.param("compression").equals("DEFLATE")) {
                Row n = find(rows, v.bench, v.method, "compression", "NONE", null, null);
                if (n != null) System.out.printf(Locale.ROOT, "- trace %s: DEFLATE at %.2f× the speed of NONE%n", v.method, v.median / n.median);
            }
        }
        Row f = find(rows, "FunctionalSimBench", "functionalForward", null, null, null, null);
        Row ref = find(rows, "FunctionalSimBench", "referenceForward", null, null, null, null);
        if (f != null && ref != null) {
            System.out.printf(Locale.ROOT, "- functional simulation of MiniLM-L6 (b1 s128): %.2f× the time of the reference forward%n",
                    f.median / ref.median);
        }
    }

    private static Row find(List<Row> rows, String bench, String method, String k1, String v1, String k2, String v2) {
        for (Row r : rows) {
            if (r.bench.equals(bench) && r.method.equals(method) && (k1 == null || r.param(k1).equals(v1))
                    && (k2 == null || r.param(k2).equals(v2))) return r;
        }
        return null;
    }

    private static List<String> texts(int n) {
        List<String> t = new ArrayList<>();
        for (int i = 0; i < n; i++) t.add(EncoderBench.SENTENCES[i % EncoderBench.SENTENCES.length]);
        return t;
    }

    private static double linearFlops(TransformerConfig c, int rows) {
        double f = 0;
        for (LinearSpec s : c.linears()) f += 2.0 * rows * s.in() * s.out();
        return f;
    }

    private static String fmt(double x) {
        if (x == 0 || Double.isNaN(x)) return x == 0 ? "0" : "—";
        double a = Math.abs(x);
        if (a >= 1e5) return String.format(Locale.ROOT, "%,.0f", x);
        if (a >= 100) return String.format(Locale.ROOT, "%.1f", x);
        if (a >= 1) return String.format(Locale.ROOT, "%.3f", x);
        return String.format(Locale.ROOT, "%.4g", x);
    }
}
