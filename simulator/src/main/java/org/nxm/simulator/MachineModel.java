package org.nxm.simulator;

import java.util.function.Function;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.target.Target;
import org.nxm.simulator.engine.CycleSteppedEngine;
import org.nxm.simulator.engine.EventDrivenEngine;
import org.nxm.simulator.report.SimReport;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.TraceSink;

/**
 * The machine model of a {@link Target}: what times a compiled {@link Program} on it. The target (in the
 * compiler, which this module depends on) owns the tiler and cost model; its machine model is chosen
 * here with {@link Target#match}, so adding a template fails to compile until it has one.
 */
public sealed interface MachineModel permits TensorCoreRun, SystolicRun {

    /** Which engine times the program. */
    enum Engine {
        /** Event-driven (tensor-core) or fold arithmetic (systolic): the fast default. */
        EVENT,
        /** Cycle-stepped: the tensor-core cycle-stepped engine, or the systolic address-by-address reference. */
        CYCLE
    }

    static MachineModel of(Target target) { return of(target, Engine.EVENT); }

    static MachineModel of(HardwareConfig hw) { return of(Target.of(hw), Engine.EVENT); }

    static MachineModel of(Target target, Engine engine) {
        return target.match(
                tc -> new TensorCoreRun(tc.hw(), engine == Engine.CYCLE ? new CycleSteppedEngine() : new EventDrivenEngine()),
                s -> new SystolicRun(s, engine));
    }

    /** The template's name, as the hardware YAML spells it. */
    default String template() { return target().hw().template().yamlName(); }

    Target target();

    /** Times the program (which must have been compiled for this target). */
    default SimReport run(Program program, String source) { return run(program, source, null); }

    /** @param traceOpener given the trace header, opens the sink (null: no trace) */
    SimReport run(Program program, String source, Function<TraceHeader, TraceSink> traceOpener);

    /**
     * The dense twin of a (sparse) program: the same work with dense weights, so the speedup against it
     * isolates what N:M sparsity changes. A dense program is its own twin.
     */
    SimReport runDenseTwin(Program program, String source);
}
