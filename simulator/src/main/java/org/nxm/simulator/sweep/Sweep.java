package org.nxm.simulator.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.mapping.Search;
import org.nxm.model.io.InputException;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.DecoderConfig;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.compiler.lower.decoder.Phase;

/**
 * Design-space exploration: the cartesian product of a hardware grid × models × patterns, run on a
 * {@link SweepEngine} (local threads, or Spark from the {@code sweep-spark} module), one CSV row per
 * point, resumable through {@link SweepJournal}, and Pareto fronts on speed, energy and area
 * ({@link SweepPareto}).
 *
 * <p>Each point's speedup is against the same model dense on the same hardware; the dense twin is
 * simulated once per (design, model) ({@link SweepTask}) and shared by that design's sparse points.
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
     * @param search decoder points' mapping search ({@code heuristic}, {@code top-k=K}, {@code exhaustive}:
     *        issue 15's mapper, each GEMM shape of a task searched once per weight format)
     */
    public record Settings(SweepGrid grid, List<String> models, List<String> patterns, int batch, int seq, int threads,
                           List<String> phases, List<Integer> batches, List<Integer> contexts, long kvBudgetBytes, String search) {
        public Settings {
            search = Search.parse(search == null ? "heuristic" : search).toString();
            models = List.copyOf(models);
            patterns = List.copyOf(patterns);
            phases = List.copyOf(phases);
            batches = List.copyOf(batches);
            contexts = List.copyOf(contexts);
        }

        /**
         * The settings from a sweep command's options, checked (one-line errors): {@code nxm sweep} and the
         * sweep-spark launcher take the same options and give the same messages.
         *
         * @param phases      --phases, or null
         * @param contexts    --context, or null
         * @param kvBudgetGb  --kv-budget-gb, or null
         */
        public static Settings fromOptions(SweepGrid grid, List<String> models, List<String> patterns, List<Integer> batches, int seq,
                                           int threads, List<String> phases, List<Integer> contexts, Double kvBudgetGb) {
            return fromOptions(grid, models, patterns, batches, seq, threads, phases, contexts, kvBudgetGb, null);
        }

        /** @param search --search, or null (heuristic); decoder points only */
        public static Settings fromOptions(SweepGrid grid, List<String> models, List<String> patterns, List<Integer> batches, int seq,
                                           int threads, List<String> phases, List<Integer> contexts, Double kvBudgetGb, String search) {
            List<String> ph = phases == null ? List.of() : phases;
            if (threads < 1) throw new InputException("--threads: must be >= 1 (got " + threads + ")");
            if (ph.isEmpty() && (contexts != null || kvBudgetGb != null)) throw new InputException("--context/--kv-budget-gb: only with --phases");
            if (ph.isEmpty() && batches.size() > 1) throw new InputException("--batch: a list is for decoder models (with --phases)");
            if (kvBudgetGb != null && !(kvBudgetGb > 0)) throw new InputException("--kv-budget-gb: must be > 0 (got " + kvBudgetGb + ")");
            if (batches.isEmpty()) throw new InputException("--batch: expected at least one batch size");
            for (int b : batches) if (b < 1) throw new InputException("--batch: must be >= 1 (got " + b + ")");
            return new Settings(grid, models, patterns, batches.get(0), seq, threads, ph, batches,
                    contexts == null ? List.of() : contexts, kvBudgetGb == null ? 0 : (long) (kvBudgetGb * 1e9), search);
        }

        /** Decoder settings with the heuristic mappings (the arity before {@code search}). */
        public Settings(SweepGrid grid, List<String> models, List<String> patterns, int batch, int seq, int threads,
                        List<String> phases, List<Integer> batches, List<Integer> contexts, long kvBudgetBytes) {
            this(grid, models, patterns, batch, seq, threads, phases, batches, contexts, kvBudgetBytes, null);
        }

        /** Encoder models only (the original arity). */
        public Settings(SweepGrid grid, List<String> models, List<String> patterns, int batch, int seq, int threads) {
            this(grid, models, patterns, batch, seq, threads, List.of(), List.of(batch), List.of(), 0, null);
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
    public record Outcome(int points, int ran, int skipped, Path csv, Path paretoSvg, List<ParetoFront.Point> front,
                          Map<String, Path> paretoPlots) {}

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
                    SweepTask.workload(c, phase, b, len);
                    for (String pattern : patterns) points.add(new Point(hw, c.name(), pattern, phase, b, len));
                }
            }
        }
    }

    public Settings settings() {
        return settings;
    }

    public int size() {
        return points.size();
    }

    /** The CSV header: point, design, timing, traffic, area, energy, and one true/false column per Pareto front. */
    public List<String> columns() {
        List<String> cols = new ArrayList<>(List.of("key", "model", "pattern", "batch", "seq"));
        if (!settings.phases().isEmpty()) cols.addAll(List.of("phase", "context"));
        for (String axis : settings.grid().axes().keySet()) cols.add("hw." + axis);
        cols.addAll(List.of("hardware", "template", "cores", "clock_hz", "peak_dense_tflops", "pattern_supported",
                "cycles", "time_ms", "dense_cycles", "speedup", "utilization", "macs", "shared_bytes", "l2_bytes",
                "dram_bytes", "area_mm2", "energy_j", "avg_power_w", "energy_per_inference_j", "energy_mac_array_j",
                "energy_dram_j"));
        cols.addAll(SweepPareto.columns());
        return cols;
    }

    /** Every point's key, in grid order (the order of the final CSV). */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (Point p : points) keys.add(p.key());
        return keys;
    }

    /**
     * The work for the points not yet done: one task per (design, model) — per (design, model, phase,
     * batch, context) for decoder points — holding that workload's remaining patterns, so its dense run is simulated once and shared by its sparse points.
     */
    public List<SweepTask> tasks(Predicate<String> done) {
        Map<String, List<Point>> groups = new LinkedHashMap<>();
        for (Point p : points) {
            if (!done.test(p.key())) groups.computeIfAbsent(p.denseKey(), k -> new ArrayList<>()).add(p);
        }
        List<SweepTask> tasks = new ArrayList<>();
        for (List<Point> g : groups.values()) {
            Point first = g.get(0);
            boolean decoder = !first.phase().isEmpty();
            tasks.add(new SweepTask(designs.get(first.hwKey()).toYaml(), new LinkedHashMap<>(first.hw()), first.model(),
                    g.stream().map(Point::pattern).toList(), g.stream().map(Point::key).toList(),
                    decoder ? first.batch() : settings.batch(), settings.seq(), first.phase(), first.context(), settings.search()));
        }
        return tasks;
    }

    /** Runs on this machine's threads ({@link Settings#threads()}). */
    public Outcome run(Path out, Consumer<String> progress) {
        return run(out, progress, new LocalSweepEngine(settings.threads()));
    }

    /**
     * Runs the points not already in {@code out} (or its journal) on {@code engine}, journals each row
     * as it arrives, then writes the complete CSV in grid order with the Pareto columns, and the plots.
     */
    public Outcome run(Path out, Consumer<String> progress, SweepEngine engine) {
        List<String> keys = keys();
        AtomicInteger done = new AtomicInteger();
        int ran;
        List<String> rows;
        List<String> cols = columns();
        AtomicReference<SweepPareto.Result> pareto = new AtomicReference<>();
        try (SweepJournal journal = new SweepJournal(out, cols)) {
            List<SweepTask> todo = tasks(journal::isDone);
            int remaining = todo.stream().mapToInt(t -> t.keys().size()).sum();
            int skipped = points.size() - remaining;
            if (skipped > 0) progress.accept(String.format(Locale.ROOT, "resuming: %d of %d points already in %s", skipped, points.size(), out));
            long t0 = System.nanoTime();
            engine.run(todo, row -> {
                if (!journal.appendIfNew(row)) return;   // a retried task's rows are journaled once only
                progress.accept(String.format(Locale.ROOT, "[%d/%d] %s %s %s: %s cycles, speedup %s, %s J, %s mm2 (%.1f s)",
                        done.incrementAndGet(), remaining, row.get("hardware"), row.get("model"), row.get("pattern"),
                        row.get("cycles"), row.get("speedup"), row.get("energy_j"), row.get("area_mm2"), (System.nanoTime() - t0) / 1e9));
            });
            ran = done.get();
            if (ran != remaining) {
                throw new IllegalStateException(engine.describe() + " returned " + ran + " of " + remaining + " rows; the journal keeps them, run again to resume");
            }
            rows = journal.finish(keys, finished -> {
                pareto.set(SweepPareto.write(cols, finished, out));
                if (!settings.phases().isEmpty()) {
                    List<String[]> split = new ArrayList<>();
                    for (String line : finished) split.add(SweepJournal.Csv.split(line));
                    DecodeSpeedupPlot.write(split, cols, out.resolveSibling(SweepPareto.stripExtension(out.getFileName().toString()) + "-decode-speedup.svg"));
                }
                return pareto.get().rows();
            });
        }
        return new Outcome(points.size(), ran, points.size() - ran, out, pareto.get().plots().get("pareto_speed_area"),
                pareto.get().speedAreaFront(), pareto.get().plots());
    }
}
