package org.nxm.simulator.sweep;

import java.io.Serializable;
import org.nxm.compiler.mapping.Mapper;
import org.nxm.compiler.mapping.Search;
import org.nxm.simulator.mapping.SimulatedGemm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.decoder.DecoderWorkload;
import org.nxm.model.transformer.DecoderConfig;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.simulator.area.AreaModel;
import org.nxm.simulator.energy.EnergyModel;
import org.nxm.simulator.energy.EnergyReport;
import org.nxm.simulator.energy.RunActions;

/**
 * The unit of work of a sweep, whatever engine runs it: one design and one model at some patterns.
 * The dense run is simulated once and is both the "dense" row and the speedup reference of the
 * sparse rows. Self-contained and serializable (the design travels as its YAML), so a task runs the
 * same in a local thread pool or in a Spark executor on another machine, and gives the same rows.
 *
 * @param hardwareYaml the design's canonical YAML ({@link HardwareConfig#toYaml()})
 * @param hwAxes       the grid axis values of this design, in grid order
 * @param model        model preset
 * @param patterns     "dense" or N:M, the points of this task
 * @param keys         the points' keys, parallel to {@code patterns}
 * @param batch        sequences per run
 * @param seq          encoder sequence length (encoder points)
 * @param phase        "prefill" or "decode" for a decoder model's pass; empty for an encoder model
 * @param context      decoder points: prompt tokens (prefill) or KV-cache length (decode); 0 otherwise
 */
public record SweepTask(String hardwareYaml, LinkedHashMap<String, String> hwAxes, String model, List<String> patterns,
                        List<String> keys, int batch, int seq, String phase, int context, String search) implements Serializable {

    /** A task with the heuristic mappings (the arity before {@code search}). */
    public SweepTask(String hardwareYaml, LinkedHashMap<String, String> hwAxes, String model, List<String> patterns,
                     List<String> keys, int batch, int seq, String phase, int context) {
        this(hardwareYaml, hwAxes, model, patterns, keys, batch, seq, phase, context, "heuristic");
    }

    /** An encoder model's task (the arity before decoder points). */
    public SweepTask(String hardwareYaml, LinkedHashMap<String, String> hwAxes, String model, List<String> patterns,
                     List<String> keys, int batch, int seq) {
        this(hardwareYaml, hwAxes, model, patterns, keys, batch, seq, "", 0);
    }

    public SweepTask {
        hwAxes = new LinkedHashMap<>(hwAxes);
        patterns = List.copyOf(patterns);
        keys = List.copyOf(keys);
        phase = phase == null ? "" : phase;
        search = search == null ? "heuristic" : search;
        if (patterns.size() != keys.size()) throw new IllegalArgumentException("one key per pattern");
    }

    /** The rows of this task's points, in pattern order. */
    public List<Map<String, String>> run() {
        HardwareConfig hw = HardwareConfig.parse(hardwareYaml, "sweep design " + hwAxes);
        // One mapper per task: its passes (dense and N:M) share its cache; tasks run on separate threads.
        Search s = Search.parse(search);
        Mapper mapper = s.simulates() ? SimulatedGemm.mapper(s) : null;
        PointResult dense = simulate(hw, null, mapper);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) {
            String pattern = patterns.get(i);
            NmPattern p = NmPattern.parseOrDense(pattern);
            PointResult r = p == null ? dense : simulate(hw, p, mapper);
            rows.add(row(hw, keys.get(i), pattern, p == null || hw.supports(p), r, dense));
        }
        return rows;
    }

    /** An encoder run, or a decoder pass (prefill or one decode step) when the task has a phase. */
    private PointResult simulate(HardwareConfig hw, NmPattern pattern, Mapper mapper) {
        if (phase.isEmpty()) return PointSimulator.run(hw, model, pattern, batch, seq);
        return PointSimulator.decoder(hw, workload(DecoderConfig.preset(model), phase, batch, context), pattern, mapper);
    }

    /** A decoder pass; its constructor checks the sizes against the model (context within its maximum, ...). */
    static DecoderWorkload workload(DecoderConfig c, String phase, int batch, int length) {
        return phase.equals("decode") ? DecoderWorkload.decode(c, batch, length) : DecoderWorkload.prefill(c, batch, length);
    }

    private Map<String, String> row(HardwareConfig hw, String key, String pattern, boolean supported, PointResult r, PointResult d) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("key", key);
        row.put("model", model);
        row.put("pattern", pattern);
        row.put("batch", Integer.toString(batch));
        boolean decoder = !phase.isEmpty();
        row.put("seq", Integer.toString(decoder ? (phase.equals("decode") ? 1 : context) : seq));
        if (decoder) {
            // Encoder rows of a sweep with phases leave these two columns empty.
            row.put("phase", phase);
            row.put("context", Integer.toString(context));
        }
        for (Map.Entry<String, String> e : hwAxes.entrySet()) row.put("hw." + e.getKey(), e.getValue());
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
        row.put("area_mm2", fmt(AreaModel.of(hw).totalMm2()));
        boolean sparseRun = supported && !pattern.equals("dense");
        EnergyReport e = EnergyModel.of(hw).account(new RunActions(r.actionsOrEstimate(sparseRun), Map.of()), Map.of(), r.seconds());
        row.put("energy_j", fmt(e.totalJ()));
        row.put("avg_power_w", fmt(e.avgPowerW()));
        row.put("energy_per_inference_j", fmt(e.totalJ() / batch));
        row.put("energy_mac_array_j", fmt(e.macArrayJ()));
        row.put("energy_dram_j", fmt(e.component("dram")));
        return row;
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
