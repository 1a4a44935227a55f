package org.nxm.simulator.sweep;

import org.nxm.compiler.Compiler;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.hardware.Template;
import org.nxm.compiler.lower.LoweredModel;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.program.ModelShape;
import org.nxm.compiler.program.Program;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.simulator.TensorCoreRun;
import org.nxm.simulator.report.LevelStats;
import org.nxm.simulator.report.SimReport;
import org.nxm.simulator.systolic.HardwareSystolic;
import org.nxm.simulator.systolic.Layer;
import org.nxm.simulator.systolic.LayerResult;
import org.nxm.simulator.systolic.SystolicConfig;
import org.nxm.simulator.systolic.SystolicEngine;

/**
 * Times one model (shapes only: weights do not change timing) on one design at one pattern.
 *
 * <p>Tensor-core designs go through the full chain: lower, compile to a tile program, simulate it
 * event-driven. Systolic designs run each GEMM of the lowered model through the systolic engine
 * (SCALE-Sim-exact counting, N:M on the FILTER = weight operand), one GEMM after another; their
 * vector work (softmax, GELU, LayerNorm) is not modelled, which the README says.
 */
public final class PointSimulator {
    private PointSimulator() {}

    /** @param pattern null or n == m for dense */
    public static PointResult run(HardwareConfig hw, String model, NmPattern pattern, int batch, int seq) {
        ModelShape shape = ModelShape.of(TransformerConfig.preset(model), batch, seq);
        LoweredModel lowered = Lowering.lower(shape);
        NmPattern p = pattern == null || pattern.n() == pattern.m() ? null : pattern;
        return hw.template() == Template.SYSTOLIC ? systolic(hw, lowered, p) : tensorCore(hw, lowered, p);
    }

    /** One decoder pass (prefill or decode step) through {@link org.nxm.simulator.decoder.DecoderSimulation}; tensor-core designs only. */
    public static PointResult decoder(HardwareConfig hw, org.nxm.compiler.lower.decoder.DecoderWorkload w, NmPattern pattern) {
        NmPattern p = pattern == null || pattern.n() == pattern.m() || !hw.supports(pattern) ? null : pattern;
        var r = new org.nxm.simulator.decoder.DecoderSimulation(hw).run(w, p);
        double peak = hw.denseMacsPerCyclePerCore() * hw.cores();
        return new PointResult(r.cycles(), r.clockHz(), r.macs(), r.cycles() == 0 ? 0 : r.macs() / (peak * r.cycles()),
                r.sharedBytes(), r.l2Bytes(), r.dramBytes());
    }

    private static PointResult tensorCore(HardwareConfig hw, LoweredModel lowered, NmPattern p) {
        Program program = Compiler.compile(new Compiler.Request(lowered, hw, p, null, null)).program();
        SimReport r = new TensorCoreRun(hw).run(program, "sweep point " + hw.name());
        return new PointResult(r.cycles(), r.clockHz(), r.macs(), r.utilization(), bytes(r, "shared"),
                bytes(r, "l2"), r.dramBytes());
    }

    private static long bytes(SimReport r, String level) {
        for (LevelStats l : r.levels()) if (l.name().equals(level)) return l.bytes();
        return 0;
    }

    private static PointResult systolic(HardwareConfig hw, LoweredModel lowered, NmPattern p) {
        SystolicConfig cfg = HardwareSystolic.config(hw);
        SystolicEngine engine = new SystolicEngine();
        int word = hw.dtype().bytes();
        long cycles = 0, macs = 0, sram = 0, dram = 0;
        for (LoweredModel.Stage st : lowered.stages()) {
            if (!(st instanceof LoweredModel.Gemm g)) continue;
            // Compiler GEMM: C[M×N] = A[M×K]·B[K×N] with the weight as A; SCALE-Sim's GEMM is
            // IFMAP[M'×K]·FILTER[K×N'] with the weight as FILTER, so M' = N (tokens), N' = M.
            Layer layer = g.sparseWeight() && p != null ? Layer.gemm(g.name(), g.n(), g.m(), g.k(), p)
                    : Layer.gemm(g.name(), g.n(), g.m(), g.k());
            LayerResult lr = engine.run(cfg, layer);
            cycles += lr.nativeCycles();
            long performed = (long) g.m() * g.n() * (p != null && g.sparseWeight() ? (long) g.k() * p.n() / p.m() : g.k());
            macs += performed;
            sram += (lr.ifmapSram().words() + lr.filterSram().words() + lr.ofmapSram().words()) * word;
            dram += (lr.ifmapDram().words() + lr.filterDram().words() + lr.ofmapDram().words()) * word;
        }
        double peak = hw.denseMacsPerCyclePerCore() * hw.cores();
        double util = cycles == 0 ? 0 : macs / (peak * cycles);
        return new PointResult(cycles, hw.clockHz(), macs, util, sram, 0, dram);
    }
}
