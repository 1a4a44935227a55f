package org.nxm.simulator;

import java.util.ArrayList;
import org.nxm.traces.analysis.LayerShares;
import java.util.List;
import java.util.function.Function;
import org.nxm.compiler.program.GemmInfo;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.TileOp;
import org.nxm.compiler.target.SystolicTarget;
import org.nxm.model.io.InputException;
import org.nxm.simulator.report.LayerStats;
import org.nxm.simulator.report.LevelStats;
import org.nxm.simulator.report.SimReport;
import org.nxm.simulator.report.StallBreakdown;
import org.nxm.simulator.systolic.HardwareSystolic;
import org.nxm.simulator.systolic.Layer;
import org.nxm.simulator.systolic.LayerResult;
import org.nxm.simulator.systolic.ReferenceEngine;
import org.nxm.simulator.systolic.SystolicConfig;
import org.nxm.simulator.systolic.SystolicEngine;
import org.nxm.simulator.tensorcore.ProgramAdapter;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.TraceSink;

/**
 * The systolic target's machine model: times a compiled {@link Program} on the R×C array with the
 * SCALE-Sim-exact engine, the engine {@code nxm scalesim} runs. Each GEMM of the program runs as
 * SCALE-Sim's GEMM ({@link SystolicTarget#arrayGemm}: the weight is the FILTER, N:M on it when the GEMM
 * is sparse), one GEMM after another, so a one-GEMM program takes exactly the cycles {@code nxm scalesim
 * --native} reports for that GEMM (SCALE-Sim's own "Total Cycles" is the last cycle's index, one less).
 *
 * <p>Report: cycles are the sum of the GEMMs' cycles run; {@code shared} is the IFMAP+FILTER+OFMAP SRAM
 * traffic, {@code dram} the DRAM interfaces' (a word is one {@code dtype} element); stalls are
 * SCALE-Sim's DRAM-bandwidth stalls (memory) and the rest of the cycles (compute, which includes the
 * array's fill and drain); there is no dependency stall on one array running one GEMM at a time. A
 * level's capacity is 0 where it is unlimited (calc mode). The vector ops of the program (softmax,
 * GELU, LayerNorm, residual adds) are not timed on this template; the report says so in a warning.
 */
public final class SystolicRun implements MachineModel {
    private final SystolicTarget target;
    private final SystolicConfig config;
    private final Engine engine;

    public SystolicRun(SystolicTarget target) { this(target, Engine.EVENT); }

    public SystolicRun(SystolicTarget target, Engine engine) {
        this.target = target;
        this.config = HardwareSystolic.config(target.hw());
        this.engine = engine;
    }

    @Override
    public SystolicTarget target() { return target; }

    @Override
    public SimReport run(Program program, String source, Function<TraceHeader, TraceSink> traceOpener) {
        requireNoTrace(traceOpener);
        ProgramAdapter.requireSameHardware(program, target.hw(), source);
        return simulate(program, program.pattern(), false);
    }

    @Override
    public SimReport runDenseTwin(Program program, String source) {
        ProgramAdapter.requireSameHardware(program, target.hw(), source);
        return simulate(program, org.nxm.model.sparsity.NmPattern.DENSE, true);
    }

    private static void requireNoTrace(Function<TraceHeader, TraceSink> traceOpener) {
        if (traceOpener != null) {
            throw new InputException("--trace: the systolic template writes its trace with nxm scalesim --nxmt, not nxm simulate");
        }
    }

    /** One GEMM on the array. */
    private LayerResult runGemm(GemmInfo g, boolean dense) {
        SystolicTarget.ArrayGemm a = SystolicTarget.arrayGemm(g);
        if (engine == Engine.CYCLE && !dense && a.pattern() != null) {
            throw new InputException("--engine cycle: the systolic reference engine runs dense GEMMs only (" + g.name()
                    + " is " + a.pattern() + "); use --engine event");
        }
        Layer layer = Layer.gemm(a.name(), a.ifmapRows(), a.filterCols(), a.k(), dense ? null : a.pattern());
        return engine == Engine.CYCLE ? new ReferenceEngine().run(config, layer) : new SystolicEngine().run(config, layer);
    }

    private SimReport simulate(Program program, String pattern, boolean dense) {
        int word = target.hw().dtype().bytes();
        int layers = program.model().layers();
        long[] first = new long[layers], last = new long[layers], layerMacs = new long[layers], layerDram = new long[layers];
        java.util.Arrays.fill(first, -1);
        long cycles = 0, macs = 0, denseMacs = 0, sram = 0, dram = 0, stalls = 0, folds = 0;
        double peakSram = 0, peakDram = 0;
        long peakSramWindow = 0, peakDramWindow = 0;
        for (GemmInfo g : program.gemms()) {
            LayerResult r = runGemm(g, dense);
            long c = r.nativeCycles();
            long gSram = (r.ifmapSram().words() + r.filterSram().words() + r.ofmapSram().words()) * word;
            long gDram = (r.ifmapDram().words() + r.filterDram().words() + r.ofmapDram().words()) * word;
            long gMacs = dense ? g.denseMacs() : g.macs();
            if (first[g.layer()] < 0) first[g.layer()] = cycles;
            cycles += c;
            last[g.layer()] = cycles;
            layerMacs[g.layer()] += gMacs;
            layerDram[g.layer()] += gDram;
            macs += gMacs;
            denseMacs += g.denseMacs();
            sram += gSram;
            dram += gDram;
            stalls += r.stallCycles();
            folds += g.mmaCount();
            if (c > 0 && (double) gSram / c > peakSram) { peakSram = (double) gSram / c; peakSramWindow = c; }
            if (c > 0 && (double) gDram / c > peakDram) { peakDram = (double) gDram / c; peakDramWindow = c; }
        }
        double peak = target.denseMacsPerCyclePerCore() * target.hw().cores();
        double util = cycles == 0 ? 0 : macs / (peak * cycles);
        double dramCap = target.hw().dramBytesPerCycle();
        List<LevelStats> levels = List.of(
                new LevelStats("shared", sram, avg(sram, cycles), peakSram, peakSramWindow, 0),
                new LevelStats("dram", dram, avg(dram, cycles), peakDram, peakDramWindow, Double.isInfinite(dramCap) ? 0 : dramCap));
        List<LayerStats> layerStats = new ArrayList<>();
        long[] lastEnd = new long[layers];
        for (int l = 0; l < layers; l++) lastEnd[l] = Math.max(Math.max(0, first[l]), last[l]);
        long[] own = LayerShares.of(0, lastEnd);
        for (int l = 0; l < layers; l++) {
            long f = Math.max(0, first[l]);
            layerStats.add(new LayerStats("layer" + l, f, lastEnd[l], layerMacs[l], layerDram[l], own[l]));
        }
        long vectorOps = program.ops().stream().filter(op -> op instanceof TileOp.VectorOp v && v.gemm() < 0).count();
        List<String> warnings = vectorOps == 0 ? List.of()
                : List.of(vectorOps + " standalone vector ops (softmax, GELU, LayerNorm, residual adds) are not timed on the systolic template");
        String engineName = engine == Engine.CYCLE ? "systolic-reference" : "systolic";
        return new SimReport(target.hw().name(), pattern, engineName, cycles, target.hw().clockHz(), macs, denseMacs, folds,
                peak, util, levels, new StallBreakdown(cycles - stalls, stalls, 0), layerStats, program.gemms().size(), 0, warnings);
    }

    private static double avg(long bytes, long cycles) { return cycles == 0 ? 0 : (double) bytes / cycles; }
}
