package org.nxm.cli.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nxm.cli.Nxm;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.ProgramJson;
import org.nxm.simulator.TensorCoreRun;
import org.nxm.simulator.engine.CycleSteppedEngine;
import org.nxm.simulator.engine.EventDrivenEngine;
import org.nxm.simulator.report.LayerStats;
import org.nxm.simulator.report.LevelStats;
import org.nxm.simulator.report.SimReport;
import org.nxm.traces.TraceException;
import org.nxm.traces.format.NxmtWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nxm simulate}: time a compiled program on a tensor-core target and report. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate a compiled program on a tensor-core hardware target, cycle-level: total and",
                "per-layer cycles, utilisation, bytes and bandwidth per memory level, stall breakdown, and for a",
                "sparse program the speedup over its dense twin."},
        footer = {"", "Example:",
                "  nxm compile --model bert-base --hw a100 --pattern 2:4 --out bert24.json",
                "  nxm compile --model bert-base --hw a100 --out bert.json",
                "  nxm simulate --hw a100 --program bert24.json --dense-program bert.json --trace bert24.nxmt"})
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--hw", required = true, description = "hardware preset (a100, h100, edge-4, edge-16) or YAML file")
    String hw;

    @Option(names = "--program", required = true, description = "compiled program (nxm compile --out)")
    Path program;

    @Option(names = "--dense-program", description = "the same model compiled dense, for dense_cycles and the speedup")
    Path denseProgram;

    @Option(names = "--trace", description = "write every resource occupancy and stall to this .nxmt trace")
    Path trace;

    @Option(names = "--engine", defaultValue = "event", description = "event (event-driven, default) or cycle (cycle-stepped; small programs only)")
    String engine;

    @Option(names = "--json", description = "print JSON instead of the table")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HardwareConfig hardware = HardwareConfig.resolve(hw);
        org.nxm.simulator.tensorcore.HardwareParams.from(hardware);   // refuses a systolic target up front
        TensorCoreRun runner = new TensorCoreRun(hardware, switch (engine.toLowerCase(Locale.ROOT)) {
            case "event" -> new EventDrivenEngine();
            case "cycle" -> new CycleSteppedEngine();
            default -> throw new Nxm.UserError("--engine: expected event or cycle, got '" + engine + "'");
        });
        Program prog = read(program);
        long t0 = System.nanoTime();
        SimReport report;
        try {
            report = runner.run(prog, program.toString(), trace == null ? null : h -> NxmtWriter.open(trace, h));
        } catch (TraceException e) {
            throw new Nxm.UserError(e.getMessage());
        }
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        SimReport dense = null;
        if (denseProgram != null) {
            Program dp = read(denseProgram);
            if (!"dense".equals(dp.pattern())) {
                throw new Nxm.UserError(denseProgram + ": --dense-program must be compiled dense (its pattern is " + dp.pattern() + ")");
            }
            if (!dp.model().equals(prog.model())) {
                throw new Nxm.UserError(denseProgram + ": model/shape " + dp.model() + " differs from " + program + "'s " + prog.model());
            }
            dense = runner.run(dp, denseProgram.toString());
        }
        for (String w : report.warnings()) err.println("nxm simulate: warning: " + w);
        if (json) {
            ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(m.writeValueAsString(toJson(report, dense, prog, wallMs)));
        } else {
            printTable(out, report, dense, prog, wallMs);
        }
        out.flush();
        return Nxm.EXIT_OK;
    }

    private static Program read(Path p) {
        if (!Files.isRegularFile(p)) throw new Nxm.UserError(p + ": program file not found");
        return ProgramJson.read(p);
    }

    static Map<String, Object> toJson(SimReport r, SimReport dense, Program p, long wallMs) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("hardware", r.hardware());
        j.put("model", p.model().name());
        j.put("batch", p.model().batch());
        j.put("seq", p.model().seq());
        j.put("pattern", r.pattern());
        j.put("engine", r.engine());
        j.put("cycles", r.cycles());
        j.put("seconds", r.seconds());
        j.put("estimated_cycles", p.estimatedCycles());
        j.put("dense_cycles", dense == null ? null : dense.cycles());
        j.put("speedup", dense == null ? null : (double) dense.cycles() / r.cycles());
        j.put("utilization", r.utilization());
        j.put("macs", r.macs());
        j.put("dense_equivalent_macs", r.denseEquivalentMacs());
        j.put("peak_macs_per_cycle", r.peakMacsPerCycle());
        j.put("effective_macs_per_cycle", r.effectiveMacsPerCycle());
        j.put("effective_tflops", r.effectiveTflops());
        j.put("mma_instructions", r.mmaInstructions());
        j.put("dram_bytes", r.dramBytes());
        List<Map<String, Object>> levels = new ArrayList<>();
        for (LevelStats l : r.levels()) {
            Map<String, Object> lj = new LinkedHashMap<>();
            lj.put("name", l.name());
            lj.put("bytes", l.bytes());
            lj.put("avg_bytes_per_cycle", l.avgBytesPerCycle());
            lj.put("peak_bytes_per_cycle", l.peakBytesPerCycle());
            lj.put("peak_window_cycles", l.windowCycles());
            lj.put("capacity_bytes_per_cycle", l.capacityBytesPerCycle());
            levels.add(lj);
        }
        j.put("levels", levels);
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("compute_cycles", r.stalls().computeCycles());
        st.put("memory_stall_cycles", r.stalls().memoryStallCycles());
        st.put("dependency_stall_cycles", r.stalls().dependencyStallCycles());
        st.put("compute_fraction", r.stalls().computeFraction());
        st.put("memory_fraction", r.stalls().memoryFraction());
        st.put("dependency_fraction", r.stalls().dependencyFraction());
        j.put("stalls", st);
        List<Map<String, Object>> layers = new ArrayList<>();
        for (LayerStats l : r.layers()) {
            Map<String, Object> lj = new LinkedHashMap<>();
            lj.put("name", l.name());
            lj.put("first_cycle", l.firstCycle());
            lj.put("last_cycle", l.lastCycle());
            lj.put("cycles", l.cycles());
            lj.put("macs", l.macs());
            lj.put("dram_bytes", l.dramBytes());
            layers.add(lj);
        }
        j.put("layers", layers);
        j.put("ops", r.ops());
        j.put("dense_fallbacks", r.denseFallbacks());
        j.put("warnings", r.warnings());
        j.put("sim_wall_ms", wallMs);
        return j;
    }

    private static void printTable(PrintWriter out, SimReport r, SimReport dense, Program p, long wallMs) {
        out.printf(Locale.ROOT, "%s batch %d seq %d, %s, on %s (tensor-core, %s)%n", p.model().name(), p.model().batch(),
                p.model().seq(), r.pattern(), r.hardware(), r.engine());
        out.printf(Locale.ROOT, "  cycles               %,d  (%.3f ms at %.3f GHz)%n", r.cycles(), r.seconds() * 1e3, r.clockHz() / 1e9);
        double ratio = p.estimatedCycles() > 0 ? (double) r.cycles() / p.estimatedCycles() : Double.NaN;
        out.printf(Locale.ROOT, "  cost-model estimate  %,d  (measured / estimate = %.3f)%n", p.estimatedCycles(), ratio);
        if (dense != null) {
            out.printf(Locale.ROOT, "  dense cycles         %,d  -> speedup %.3fx (m/n bound %s)%n", dense.cycles(),
                    (double) dense.cycles() / r.cycles(), r.pattern());
        }
        out.printf(Locale.ROOT, "  MACs                 %,d performed, %,d dense-equivalent, %,d MMA instructions%n",
                r.macs(), r.denseEquivalentMacs(), r.mmaInstructions());
        out.printf(Locale.ROOT, "  MACs/cycle           %.1f effective of %.1f dense peak; utilisation %.1f%% of MMA issue slots%n",
                r.effectiveMacsPerCycle(), r.peakMacsPerCycle(), 100 * r.utilization());
        out.printf(Locale.ROOT, "  effective TFLOP/s    %.2f%n", r.effectiveTflops());
        out.printf(Locale.ROOT, "  stalls (core-cycles) compute %.1f%%  memory %.1f%%  dependency %.1f%%%n",
                100 * r.stalls().computeFraction(), 100 * r.stalls().memoryFraction(), 100 * r.stalls().dependencyFraction());
        out.println();
        out.printf(Locale.ROOT, "  %-9s %16s %12s %12s %12s%n", "level", "bytes", "avg B/cyc", "peak B/cyc", "cap B/cyc");
        for (LevelStats l : r.levels()) {
            out.printf(Locale.ROOT, "  %-9s %,16d %12.1f %12.1f %12.1f%n", l.name(), l.bytes(), l.avgBytesPerCycle(),
                    l.peakBytesPerCycle(), l.capacityBytesPerCycle());
        }
        out.println();
        out.printf(Locale.ROOT, "  %-9s %12s %12s %18s %16s%n", "layer", "first", "cycles", "MACs", "DRAM bytes");
        for (LayerStats l : r.layers()) {
            out.printf(Locale.ROOT, "  %-9s %,12d %,12d %,18d %,16d%n", l.name(), l.firstCycle(), l.cycles(), l.macs(), l.dramBytes());
        }
        out.printf(Locale.ROOT, "%n  %d ops simulated in %d ms%n", r.ops(), wallMs);
    }
}
