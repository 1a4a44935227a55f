package org.nxm.simulator.sweep;

import org.nxm.compiler.Compiler;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.LoweredModel;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.program.ModelShape;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.target.Target;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.simulator.MachineModel;
import org.nxm.simulator.report.LevelStats;
import org.nxm.simulator.report.SimReport;

/**
 * Times one model (shapes only: weights do not change timing) on one design at one pattern, through
 * the full chain whatever the template: lower, compile for the design's {@link Target} to a tile
 * program, time it on the target's {@link MachineModel} (event-driven tensor cores, or the
 * SCALE-Sim-exact systolic array GEMM by GEMM, whose vector work is not timed, which the README says).
 */
public final class PointSimulator {
    private PointSimulator() {}

    /** @param pattern null or n == m for dense */
    public static PointResult run(HardwareConfig hw, String model, NmPattern pattern, int batch, int seq) {
        ModelShape shape = ModelShape.of(TransformerConfig.preset(model), batch, seq);
        LoweredModel lowered = Lowering.lower(shape);
        NmPattern p = pattern == null || pattern.isDense() ? null : pattern;
        Target target = Target.of(hw);
        Program program = Compiler.compile(new Compiler.Request(lowered, hw, p, null, null)).program();
        SimReport r = MachineModel.of(target).run(program, "sweep point " + hw.name());
        return new PointResult(r.cycles(), r.clockHz(), r.macs(), r.utilization(), bytes(r, "shared"),
                bytes(r, "l2"), r.dramBytes(), r.actions());
    }

    /** One decoder pass (prefill or decode step) through {@link org.nxm.simulator.decoder.DecoderSimulation}; tensor-core designs only. */
    public static PointResult decoder(HardwareConfig hw, org.nxm.compiler.lower.decoder.DecoderWorkload w, NmPattern pattern) {
        return decoder(hw, w, pattern, null);
    }

    /** @param planner the GEMMs' mapper, or null for the tiler's heuristic */
    public static PointResult decoder(HardwareConfig hw, org.nxm.compiler.lower.decoder.DecoderWorkload w, NmPattern pattern,
                                      org.nxm.compiler.mapping.GemmPlanner planner) {
        NmPattern p = pattern == null || pattern.n() == pattern.m() || !hw.supports(pattern) ? null : pattern;
        var r = new org.nxm.simulator.decoder.DecoderSimulation(hw, true, planner).run(w, p);
        double peak = hw.denseMacsPerCyclePerCore() * hw.cores();
        return new PointResult(r.cycles(), r.clockHz(), r.macs(), r.cycles() == 0 ? 0 : r.macs() / (peak * r.cycles()),
                r.sharedBytes(), r.l2Bytes(), r.dramBytes());
    }

    private static long bytes(SimReport r, String level) {
        for (LevelStats l : r.levels()) if (l.name().equals(level)) return l.bytes();
        return 0;
    }
}
