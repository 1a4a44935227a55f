package org.nxm.compiler.mapping;

import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.tile.GemmContext;
import org.nxm.compiler.tile.GemmPlan;

/** Chooses one GEMM's mapping: the target's tiler (the cost model's pick) or a {@link Mapper}. */
@FunctionalInterface
public interface GemmPlanner {
    GemmPlan plan(HardwareConfig hw, GemmContext g);
}
