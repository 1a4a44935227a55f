package org.nxm.compiler.mapping;

import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.tile.GemmContext;
import org.nxm.compiler.tile.GemmPlan;

/**
 * Measures one mapping of one GEMM: the simulator's event-driven engine on that GEMM compiled alone with that
 * plan. It lives behind an interface because the compiler does not depend on the simulator (the data flow
 * runs compiler → simulator); the CLI hands the mapper the simulator's implementation.
 */
@FunctionalInterface
public interface GemmEvaluator {
    /** Cycles of {@code g} mapped by {@code plan} on {@code hw}. */
    long cycles(HardwareConfig hw, GemmContext g, GemmPlan plan);
}
