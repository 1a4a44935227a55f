package org.nxm.simulator.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.model.io.AtomicOutput;
import org.nxm.model.io.InputException;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.DecoderConfig;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.compiler.lower.decoder.DecoderWorkload;
import org.nxm.compiler.lower.decoder.Phase;
import org.nxm.traces.plot.ScatterPlot;

/**
 * Design-space exploration: the cartesian product of a hardware grid × models × patterns, run in
 * parallel, one CSV row per point, resumable through {@link SweepJournal}, and a Pareto-front SVG.
 *
 * <p>Each point's speedup is against the same model dense on the same hardware; the dense twin is
 * simulated once per (design, model) and shared by that design's sparse points.
 */
public final class Sweep {
    /**
     * @param grid the hardware axes
     * @param models model presets (shapes; weights do not change timing)
     * @param patterns "dense" or N:M strings
     * @param threads worker threads
     * @param phases decoder phases (prefill, decode) run for decoder models; empty: encoder models only
     * @param batches decoder points' batch sizes (every phase)
     * @param contexts decode points' KV-cache lengths (prefill uses {@code seq})
     * @param kvBudgetBytes decoder points whose KV cache (batch × tokens × K and V of every layer) exceeds
     *        this are skipped, as a server could not hold them; 0: no limit
     */
    public record Settings(SweepGrid grid, List<String> models, List<String> patterns, int batch, int seq, int threads,
                           List<String> phases, List<Integer> batches, List<Integer> contexts, long kvBudgetBytes) {
        public Settings {
            models = List.copyOf(models);
            patterns = List.copyOf(patterns);
            phases = List.copyOf(phases);
            batches = List.copyOf(batches);
            contexts = List.copyOf(contexts);
        }

        /** Encoder models only (the original arity). */
        public Settings(SweepGrid grid, List<String> models, List<String> patterns, int batch, int seq, int threads) {
            this(grid, models, patterns, batch, seq, threads, List.of(), List.of(batch), List.of(), 0);
        }
    }

    /** One point of the product. */
    record Point(Map<String, String> hw, String model, String pattern, String phase, int batch, int context) {
        Point(Map<String, String> hw, String model, String pattern) {
            this(hw, model, pattern, "", 0, 0);
        }

        String key() {
            StringBuilder sb = new StringBuilder("model=").append(model).append(";pattern=").append(pattern);
            if (!phase.isEmpty()) sb.append(";phase=").append(phase).append(";batch=").append(batch).append(";context=").append(context);
            for (Map.Entry<String, String> e : hw.entrySet()) sb.append(';').append(e.getKey()).append('=').append(e.getValue());
            return sb.toString();
        }

        /** The same point dense: its speedup reference. */
        String denseKey() {
            return hw + "|" + model + "|" + phase + "|" + batch + "|" + context;
        }

        String hwKey() {
            return hw.toString();
        }
    }

    /** What a sweep did. */
    public record Outcome(int points, int ran, int skipped, Path csv, Path paretoSvg, List<ParetoFront.Point> front) {}

    private final Settings settings;
    private final HardwareVariants variants;
    private final Map<String, HardwareConfig> designs = new LinkedHashMap<>();
    private final List<Point> points = new ArrayList<>();

    /** Validates everything (grid axes, every design, models, patterns) before anything runs. */
    public Sweep(Settings settings) {
        this.settings = settings;
        SweepGrid grid = settings.grid();
        this.variants = new HardwareVariants(HardwareConfig.resolve(grid.base()));
        grid.requireAxesIn(variants.parameters());
        List<String> phases = new ArrayList<>();
        for (String ph : settings.phases()) phases.add(Phase.parse(ph).label());
        for (String m : settings.models()) {
            if (!phases.isEmpty() && DecoderConfig.isPreset(m)) continue;
            if (DecoderConfig.isPreset(m) && !TransformerConfig.presetNames().contains(m)) {
                throw new InputException("--models " + m + ": a decoder model; give --phases prefill,decode");
            }
            TransformerConfig.preset(m);
        }
        List<String> patterns = new ArrayList<>();
        for (String p : settings.patterns()) {
            String canon = NmPattern.nameOf(NmPattern.parseOrDense(p));
            if (!patterns.contains(canon)) patterns.add(canon);
        }
        if (patterns.isEmpty()) throw new InputException("--patterns: expected at least one of dense, 2:4, ...");
        if (settings.models().isEmpty()) throw new InputException("--models: expected at least one model preset");
        for (Map<String, String> hw : grid.points()) {
            HardwareConfig h = variants.with(hw, grid.source().toString());
            designs.put(hw.toString(), h);
            for (String model : settings.models()) {
                // A pattern the design cannot run sparse is not an error: it runs dense and the row says so.
                if (!phases.isEmpty() && DecoderConfig.isPreset(model)) {
                    decoderPoints(hw, DecoderConfig.preset(model), phases, patterns);
                    continue;
                }
                for (String pattern : patterns) points.add(new Point(hw, model, pattern));
            }
        }
    }

    private void decoderPoints(Map<String, String> hw, DecoderConfig c, List<String> phases, List<String> patterns) {
        for (String phase : phases) {
            List<Integer> lengths = phase.equals("decode") ? settings.contexts() : List.of(settings.seq());
            if (lengths.isEmpty()) throw new InputException("--phases decode: needs --context (one or more KV-cache lengths)");
            for (int b : settings.batches()) {
                for (int len : lengths) {
                    long kv = (long) b * len * c.kvElementsPerToken() * variants.base().dtype().bytes();
                    if (settings.kvBudgetBytes() > 0 && kv > settings.kvBudgetBytes()) continue;
                    // The workload's own checks (context within the model's maximum, sizes) run here, before anything is simulated.
                    workload(c, phase, b, len);
                    for (String pattern : patterns) points.add(new Point(hw, c.name(), pattern, phase, b, len));
                }
            }
        }
    }

    private static DecoderWorkload workload(DecoderConfig c, String phase, int batch, int length) {
        return phase.equals("decode") ? DecoderWorkload.decode(c, batch, length) : DecoderWorkload.prefill(c, batch, length);
    }

    public int size() {
        return points.size();
    }

    List<String> columns() {
        List<String> cols = new ArrayList<>(List.of("key", "model", "pattern", "batch", "seq"));
        if (!settings.phases().isEmpty()) cols.addAll(List.of("phase", "context"));
        for (String axis : settings.grid().axes().keySet()) cols.add("hw." + axis);
        cols.addAll(List.of("hardware", "template", "cores", "clock_hz", "peak_dense_tflops", "pattern_supported",
                "cycles", "time_ms", "dense_cycles", "speedup", "utilization", "macs", "shared_bytes", "l2_bytes",
                "dram_bytes", "area_mm2", "energy_mj"));
        return cols;
    }

    public Outcome run(Path out, Consumer<String> progress) {
        List<String> keys = new ArrayList<>();
        for (Point p : points) keys.add(p.key());
        Map<String, FutureTask<PointResult>> denseRuns = new ConcurrentHashMap<>();
        AtomicInteger done = new AtomicInteger();
        int ran;
        List<String> rows;
        try (SweepJournal journal = new SweepJournal(out, columns())) {
            List<Point> todo = new ArrayList<>();
            for (Point p : points) if (!journal.isDone(p.key())) todo.add(p);
            int skipped = points.size() - todo.size();
            if (skipped > 0) progress.accept(String.format(Locale.ROOT, "resuming: %d of %d points already in %s", skipped, points.size(), out));
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, settings.threads()));
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (Point p : todo) {
                    futures.add(pool.submit(() -> {
                        long t0 = System.nanoTime();
                        Map<String, String> row = evaluate(p, denseRuns);
                        journal.append(row);
                        progress.accept(String.format(Locale.ROOT, "[%d/%d] %s %s %s: %s cycles, speedup %s (%.1f s)",
                                done.incrementAndGet(), todo.size(), designs.get(p.hwKey()).name(), p.model(), p.pattern(),
                                row.get("cycles"), row.get("speedup"), (System.nanoTime() - t0) / 1e9));
                    }));
                }
                for (Future<?> f : futures) f.get();
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException re) throw re;
                throw new IllegalStateException(c);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("sweep interrupted", e);
            } finally {
                pool.shutdownNow();
            }
            ran = todo.size();
            rows = journal.finish(keys);
        }
        Path svg = out.resolveSibling(stripExtension(out.getFileName().toString()) + "-pareto.svg");
        List<ParetoFront.Point> front = writePareto(rows, svg);
        return new Outcome(points.size(), ran, points.size() - ran, out, svg, front);
    }

    private Map<String, String> evaluate(Point p, Map<String, FutureTask<PointResult>> denseRuns) {
        HardwareConfig hw = designs.get(p.hwKey());
        FutureTask<PointResult> dense = new FutureTask<>(() -> simulate(hw, p, null));
        FutureTask<PointResult> existing = denseRuns.putIfAbsent(p.denseKey(), dense);
        if (existing == null) dense.run();
        else dense = existing;
        PointResult d = get(dense);
        NmPattern pattern = NmPattern.parseOrDense(p.pattern());
        boolean supported = pattern == null || hw.supports(pattern);
        PointResult r = pattern == null ? d : simulate(hw, p, pattern);
        Map<String, String> row = new LinkedHashMap<>();
        row.put("key", p.key());
        row.put("model", p.model());
        row.put("pattern", p.pattern());
        boolean decoder = !p.phase().isEmpty();
        row.put("batch", Integer.toString(decoder ? p.batch() : settings.batch()));
        row.put("seq", Integer.toString(decoder ? (p.phase().equals("decode") ? 1 : p.context()) : settings.seq()));
        if (!settings.phases().isEmpty()) {
            row.put("phase", p.phase());
            row.put("context", decoder ? Integer.toString(p.context()) : "");
        }
        for (Map.Entry<String, String> e : p.hw().entrySet()) row.put("hw." + e.getKey(), e.getValue());
        row.put("hardware", hw.name());
        row.put("template", hw.template().toString().toLowerCase(Locale.ROOT));
        row.put("cores", Integer.toString(hw.cores()));
        row.put("clock_hz", fmt(hw.clockHz()));
        row.put("peak_dense_tflops", fmt(hw.peakDenseFlops() / 1e12));
        row.put("pattern_supported", Boolean.toString(supported));
        row.put("cycles", Long.toString(r.cycles()));
        row.put("time_ms", fmt(r.seconds() * 1e3));
        row.put("dense_cycles", Long.toString(d.cycles()));
        row.put("speedup", fmt((double) d.cycles() / r.cycles()));
        row.put("utilization", fmt(r.utilization()));
        row.put("macs", Long.toString(r.macs()));
        row.put("shared_bytes", Long.toString(r.sharedBytes()));
        row.put("l2_bytes", Long.toString(r.l2Bytes()));
        row.put("dram_bytes", Long.toString(r.dramBytes()));
        row.put("area_mm2", fmt(CostProxy.areaMm2(hw)));
        row.put("energy_mj", fmt(CostProxy.energyJoules(hw, r.macs(), r.sharedBytes(), r.l2Bytes(), r.dramBytes()) * 1e3));
        return row;
    }

    /** An encoder point, or a decoder pass (prefill or decode step) when the point has a phase. */
    private PointResult simulate(HardwareConfig hw, Point p, NmPattern pattern) {
        if (p.phase().isEmpty()) return PointSimulator.run(hw, p.model(), pattern, settings.batch(), settings.seq());
        DecoderWorkload w = workload(DecoderConfig.preset(p.model()), p.phase(), p.batch(), p.context());
        return PointSimulator.decoder(hw, w, pattern);
    }

    private static PointResult get(FutureTask<PointResult> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Pareto SVG: x = area proxy, y = speedup over the slowest dense design of the same model, so
     * hardware and sparsity gains share one axis; the front joins the non-dominated points.
     */
    private List<ParetoFront.Point> writePareto(List<String> csvRows, Path svg) {
        List<String> cols = columns();
        int iModel = cols.indexOf("model"), iPattern = cols.indexOf("pattern"), iTime = cols.indexOf("time_ms"),
                iArea = cols.indexOf("area_mm2"), iHw = cols.indexOf("hardware");
        int iPhase = cols.indexOf("phase");
        List<String[]> raw = new ArrayList<>();
        for (String line : csvRows) raw.add(SweepJournal.Csv.split(line));
        if (iPhase >= 0) {
            DecodeSpeedupPlot.write(raw, cols, svg.resolveSibling(svg.getFileName().toString().replace("-pareto.svg", "-decode-speedup.svg")));
        }
        // Decoder rows: a model's workload is its (phase, batch, context); compare like with like.
        List<String[]> rows = new ArrayList<>();
        for (String[] line : raw) {
            String[] r = line.clone();
            if (iPhase >= 0 && !r[iPhase].isEmpty()) {
                r[iModel] = r[iModel] + " " + r[iPhase] + " b" + r[cols.indexOf("batch")] + " ctx" + r[cols.indexOf("context")];
            }
            rows.add(r);
        }
        // Each model's reference time: its slowest dense design, or its slowest point if no dense row exists.
        Map<String, Double> slowestDense = new LinkedHashMap<>();
        Map<String, Double> slowestAny = new LinkedHashMap<>();
        for (String[] r : rows) {
            double t = Double.parseDouble(r[iTime]);
            slowestAny.merge(r[iModel], t, Math::max);
            if (r[iPattern].equals("dense")) slowestDense.merge(r[iModel], t, Math::max);
        }
        Map<String, List<ScatterPlot.Point>> byPattern = new LinkedHashMap<>();
        List<ParetoFront.Point> all = new ArrayList<>();
        for (String[] r : rows) {
            double ref = slowestDense.getOrDefault(r[iModel], slowestAny.get(r[iModel]));
            double speed = ref / Double.parseDouble(r[iTime]);
            double area = Double.parseDouble(r[iArea]);
            String label = r[iHw] + " " + r[iModel] + " " + r[iPattern];
            byPattern.computeIfAbsent(r[iModel] + " " + r[iPattern], k -> new ArrayList<>()).add(new ScatterPlot.Point(area, speed, label));
            all.add(new ParetoFront.Point(label, area, speed));
        }
        List<ParetoFront.Point> front = ParetoFront.of(all);
        List<ScatterPlot.Series> series = new ArrayList<>();
        List<ScatterPlot.Point> frontPts = new ArrayList<>();
        for (ParetoFront.Point f : front) frontPts.add(new ScatterPlot.Point(f.cost(), f.benefit(), f.label()));
        series.add(new ScatterPlot.Series("Pareto front", frontPts, true));
        for (Map.Entry<String, List<ScatterPlot.Point>> e : byPattern.entrySet()) {
            series.add(new ScatterPlot.Series(e.getKey(), e.getValue(), false));
        }
        String doc = ScatterPlot.render("Design space: speedup vs area proxy", "area proxy (mm² at 45 nm, log)",
                "speedup over slowest dense design", true, series);
        AtomicOutput.writeString(svg, doc);
        return front;
    }

    private static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
