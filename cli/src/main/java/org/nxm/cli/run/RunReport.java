package org.nxm.cli.run;

import org.nxm.cli.pipeline.RunPipeline;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nxm.simulator.report.LevelStats;
import org.nxm.cli.simulate.EnergyOutput;
import org.nxm.simulator.energy.EnergyModel;
import org.nxm.simulator.energy.EnergyReport;
import org.nxm.simulator.report.SimReport;
import org.nxm.traces.analysis.TraceDiff;

/** The report of {@code nxm run}: a page for people and report.json for scripts, from the same figures. */
final class RunReport {
    private RunReport() {}

    static Map<String, Object> json(RunPipeline.Outcome r) {
        RunPipeline.Options o = r.options();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("model", o.model());
        j.put("pretrained_weights", r.pretrained());
        j.put("pattern", o.pattern().toString());
        j.put("method", r.pruned() == null ? null : r.pruned().method());
        j.put("calibration_sentences", r.pruned() == null ? 0 : o.calib());
        j.put("hardware", r.hardware().name());
        j.put("batch", o.batch());
        j.put("seq", o.seq());
        if (r.accuracy() != null) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("stsb_pairs", r.accuracy().pairs());
            a.put("stsb_spearman_dense", r.accuracy().denseSpearman());
            a.put("stsb_spearman_pruned", r.accuracy().prunedSpearman());
            a.put("stsb_spearman_kept_pct", 100 * r.accuracy().prunedSpearman() / r.accuracy().denseSpearman());
            a.put("mean_cosine_to_dense", r.accuracy().meanCosineToDense());
            j.put("accuracy", a);
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("dtype", r.sparseProgram().dtype().shortName());
        c.put("layout", r.sparseProgram().layout());
        c.put("dense_weight_bytes", r.compression().denseBytes());
        c.put("weight_value_bytes", r.compression().valueBytes());
        c.put("metadata_bytes", r.compression().metadataBytes());
        c.put("compression_ratio", r.compression().ratio());
        j.put("compression", c);
        j.put("dense", sim(r.denseTwin()));
        j.put("sparse", sim(r.sparse()));
        EnergyReport sparseEnergy = EnergyModel.of(r.hardware(), r.sparse());
        EnergyReport denseEnergy = EnergyModel.of(r.hardware(), r.denseTwin());
        EnergyOutput.putJson(j, sparseEnergy, denseEnergy, o.batch(), o.seq());
        j.put("cycles", r.sparse().cycles());
        j.put("dense_cycles", r.denseTwin().cycles());
        j.put("speedup", r.speedup());
        if (r.dense() != null) {
            j.put("compiled_dense", sim(r.dense()));
            j.put("compiled_dense_cycles", r.dense().cycles());
            // as nxm simulate --json names them: the dense program with its own mapping
            j.put("dense_own_cycles", r.dense().cycles());
            j.put("speedup_vs_compiled_dense", r.speedupVsCompiledDense());
        }
        j.put("estimated_cycles", r.sparseProgram().estimatedCycles());
        if (r.functional() != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("layout", r.functional().layout());
            f.put("sentences", r.functional().sentences());
            f.put("token_rows", r.functional().tokenRows());
            f.put("ops", r.functional().ops());
            f.put("max_relative_error", r.functional().maxRelativeError());
            f.put("passed", r.functional().passed());
            j.put("functional", f);
            j.put("functional_max_rel_error", r.functional().maxRelativeError());
        }
        j.put("speedup_explained", r.diff().verdict());
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("dense_trace", r.denseTrace().toString());
        files.put("sparse_trace", r.sparseTrace().toString());
        files.put("plots", r.plots().stream().map(Path::toString).toList());
        j.put("files", files);
        List<Map<String, Object>> steps = new ArrayList<>();
        for (RunPipeline.Step s : r.steps()) steps.add(Map.of("step", s.name(), "seconds", s.seconds()));
        j.put("steps", steps);
        j.put("wall_seconds", r.seconds());
        return j;
    }

    private static Map<String, Object> sim(SimReport s) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("cycles", s.cycles());
        j.put("seconds", s.seconds());
        j.put("utilization", s.utilization());
        j.put("effective_tflops", s.effectiveTflops());
        j.put("macs", s.macs());
        j.put("dram_bytes", s.dramBytes());
        List<Map<String, Object>> levels = new ArrayList<>();
        for (LevelStats l : s.levels()) {
            Map<String, Object> lj = new LinkedHashMap<>();
            lj.put("name", l.name());
            lj.put("bytes", l.bytes());
            lj.put("avg_bytes_per_cycle", l.avgBytesPerCycle());
            lj.put("peak_bytes_per_cycle", l.peakBytesPerCycle());
            levels.add(lj);
        }
        j.put("levels", levels);
        j.putAll(s.stalls().fractionsJson());
        return j;
    }

    static void print(PrintWriter out, RunPipeline.Outcome r, Path outDir) {
        RunPipeline.Options o = r.options();
        SimReport d = r.dense(), s = r.sparse();
        if (r.pruned() == null) {
            out.printf(Locale.ROOT, "nxm run: %s at %s on %s (batch %d, seq %d): timing only, from shapes (no pretrained weights"
                    + " for this preset; timing does not depend on weight values)%n%n", o.model(), o.pattern(), r.hardware().name(),
                    o.batch(), o.seq());
        } else {
            out.printf(Locale.ROOT, "nxm run: %s pruned to %s with %s (%d calibration sentences, %.1f s), on %s (batch %d, seq %d)%n%n",
                    o.model(), o.pattern(), r.pruned().method(), o.calib(), r.pruned().seconds(), r.hardware().name(), o.batch(), o.seq());
        }
        if (r.accuracy() != null) {
            RunPipeline.Accuracy a = r.accuracy();
            out.printf(Locale.ROOT, "Accuracy (STS-B dev, %d pairs, Spearman x100)%n", a.pairs());
            out.printf(Locale.ROOT, "  dense %.2f   %s %.2f   (%.1f%% kept, %+.2f points); mean cosine to dense embeddings %.4f%n%n",
                    a.denseSpearman(), o.pattern(), a.prunedSpearman(), 100 * a.prunedSpearman() / a.denseSpearman(),
                    a.prunedSpearman() - a.denseSpearman(), a.meanCosineToDense());
        }
        RunPipeline.Compression c = r.compression();
        out.printf(Locale.ROOT, "Compression (Linear weights, %s, %s layout)%n", r.sparseProgram().dtype().shortName(), r.sparseProgram().layout());
        out.printf(Locale.ROOT, "  dense %s -> values %s + metadata %s = %s  (%.2fx smaller; metadata = 1/%.0f of dense)%n%n",
                mb(c.denseBytes()), mb(c.valueBytes()), mb(c.metadataBytes()), mb(c.valueBytes() + c.metadataBytes()), c.ratio(),
                (double) c.denseBytes() / Math.max(1, c.metadataBytes()));
        out.printf(Locale.ROOT, "Speed on %s (cycle-level simulation, %.2f GHz)%n", r.hardware().name(), s.clockHz() / 1e9);
        out.printf(Locale.ROOT, "  %-8s %14s %12s %10s %12s %14s%n", "", "cycles", "time", "util", "TFLOP/s", "DRAM bytes");
        row(out, "dense", r.denseTwin());
        row(out, o.pattern().toString(), s);
        EnergyOutput.print(out, EnergyModel.of(r.hardware(), s), EnergyModel.of(r.hardware(), r.denseTwin()), o.batch(), o.seq());
        out.printf(Locale.ROOT, "  speedup %.2fx over the dense twin (same tiles, dense MMAs; bound %.1fx for %s)%n",
                r.speedup(), (double) o.pattern().m() / o.pattern().n(), o.pattern());
        if (d != null) {
            out.printf(Locale.ROOT, "  dense (own mapping) %,d cycles vs %s (own mapping) %,d cycles: speedup %.2fx (%.3f ms vs %.3f ms)%n",
                    d.cycles(), o.pattern(), s.cycles(), r.speedupVsCompiledDense(), d.seconds() * 1e3, s.seconds() * 1e3);
        }
        out.printf(Locale.ROOT, "  cost-model estimate %,d cycles (measured/estimate %.2f)%n%n", r.sparseProgram().estimatedCycles(),
                (double) s.cycles() / Math.max(1, r.sparseProgram().estimatedCycles()));
        out.printf(Locale.ROOT, "Bandwidth per level (%s run)%n", o.pattern());
        out.printf(Locale.ROOT, "  %-8s %14s %12s %12s%n", "level", "bytes", "avg B/cyc", "peak B/cyc");
        for (LevelStats l : s.levels()) {
            out.printf(Locale.ROOT, "  %-8s %14s %12.1f %12.1f%n", l.name(), mb(l.bytes()), l.avgBytesPerCycle(), l.peakBytesPerCycle());
        }
        out.printf(Locale.ROOT, "%nWhere the time goes (%s run, core-cycles): compute %.0f%%, waiting on memory %.0f%%, waiting on dependencies %.0f%%%n",
                o.pattern(), 100 * s.stalls().computeFraction(), 100 * s.stalls().memoryFraction(), 100 * s.stalls().dependencyFraction());
        TraceDiff diff = r.diff();
        out.printf(Locale.ROOT, "  dense twin -> %s (trace diff): %s%n", o.pattern(), diff.verdict());
        if (r.functional() != null) {
            out.printf(Locale.ROOT, "%nFunctional check: %d real sentences (%d token rows) through the %s program's %,d tile ops on its %s weight tiles: max relative error %.2e vs the reference forward -> %s%n",
                    r.functional().sentences(), r.functional().tokenRows(), o.pattern(), r.functional().ops(), r.functional().layout(),
                    r.functional().maxRelativeError(), r.functional().passed() ? "OK" : "FAILED");
        }
        out.printf(Locale.ROOT, "%nSteps:");
        for (RunPipeline.Step st : r.steps()) out.printf(Locale.ROOT, "%n  %-70s %6.1f s", st.name(), st.seconds());
        out.printf(Locale.ROOT, "%n  %-70s %6.1f s%n", "total", r.seconds());
        out.printf(Locale.ROOT, "%nOutput folder: %s (report.json, dense.nxmt, sparse.nxmt, plots-sparse/, plots-dense/)%n", outDir);
        out.printf(Locale.ROOT, "Next: nxm trace diff %s %s   |   nxm trace summary %s%n", r.denseTrace(), r.sparseTrace(), r.sparseTrace());
    }

    private static void row(PrintWriter out, String name, SimReport s) {
        out.printf(Locale.ROOT, "  %-8s %,14d %9.3f ms %9.1f%% %12.1f %14s%n", name, s.cycles(), s.seconds() * 1e3,
                100 * s.utilization(), s.effectiveTflops(), mb(s.dramBytes()));
    }

    static String mb(long bytes) {
        if (bytes >= 1 << 20) return String.format(Locale.ROOT, "%.2f MB", bytes / 1048576.0);
        if (bytes >= 1 << 10) return String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0);
        return bytes + " B";
    }
}
