package org.nxm.simulator.mapping;

import org.nxm.compiler.Compiler;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.mapping.GemmEvaluator;
import org.nxm.compiler.mapping.Mapper;
import org.nxm.compiler.mapping.Search;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.tile.GemmContext;
import org.nxm.compiler.tile.GemmPlan;
import org.nxm.simulator.TensorCoreRun;

/**
 * The mapper's measurement: the GEMM compiled alone with the given plan and run on the event-driven engine, on
 * as many cores as the GEMM gets in its program (attention heads share the chip). Its operands are placed as a
 * lone GEMM's are (the weight in DRAM, activations in L2 when they fit a quarter of it), which is how the
 * GEMMs of a layer find them too.
 */
public final class SimulatedGemm implements GemmEvaluator {

    /** The mapper for {@code search}, measuring its candidates with this engine (the heuristic measures none). */
    public static Mapper mapper(Search search) {
        return new Mapper(search, search.simulates() ? new SimulatedGemm() : null);
    }

    @Override
    public long cycles(HardwareConfig hw, GemmContext g, GemmPlan plan) {
        HardwareConfig h = g.cores() == hw.cores() ? hw : withCores(hw, g.cores());
        var pattern = g.sparse() ? g.weight().pattern() : null;
        Program p = Compiler.compile(new Compiler.Request(Lowering.singleGemm(g.m(), g.n(), g.k()), h, pattern, null, null),
                (hh, gg) -> plan).program();
        return new TensorCoreRun(h).run(p, "mapping of " + g.name()).scheduleCycles();
    }

    static HardwareConfig withCores(HardwareConfig hw, int cores) {
        return new HardwareConfig(hw.name(), hw.description(), hw.template(), hw.clockHz(), cores, hw.tensorCoresPerCore(),
                hw.dtype(), hw.mma(), hw.sparsePatterns(), hw.metadataBytesPerCycle(), hw.operandBufferBytes(), hw.shared(),
                hw.l2(), hw.dram(), hw.vectorElementsPerCycle(), hw.systolic(), hw.energy(), hw.area(), hw.kernel());
    }
}
