package org.nxm.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.target.TensorCoreTarget;
import org.nxm.simulator.engine.EventDrivenEngine;
import org.nxm.simulator.engine.TimingEngine;
import org.nxm.simulator.report.SimReport;
import org.nxm.simulator.tensorcore.HardwareParams;
import org.nxm.simulator.tensorcore.KernelFixedCost;
import org.nxm.simulator.tensorcore.ProgramAdapter;
import org.nxm.simulator.tensorcore.TcProgram;
import org.nxm.simulator.tensorcore.TensorCoreSimulator;
import org.nxm.simulator.energy.EnergyModel;
import org.nxm.simulator.energy.EnergyReport;
import org.nxm.traces.TraceEnergy;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.TraceSink;

/**
 * The tensor-core target's machine model: simulates a compiled {@link Program} on the tensor-core
 * template. Checks the program was compiled for this hardware, adapts it, runs the timing engine,
 * returns the report. A trace's header carries the run's energy ({@link TraceEnergy}).
 */
public final class TensorCoreRun implements MachineModel {
    private final TensorCoreTarget target;
    private final HardwareConfig hardware;
    private final TimingEngine engine;

    public TensorCoreRun(HardwareConfig hardware) { this(hardware, new EventDrivenEngine()); }

    public TensorCoreRun(HardwareConfig hardware, TimingEngine engine) {
        this.target = new TensorCoreTarget(hardware);
        this.hardware = hardware;
        this.engine = engine;
    }

    @Override
    public TensorCoreTarget target() { return target; }

    @Override
    public SimReport run(Program program, String source) { return run(program, source, null); }

    /**
     * The dense twin of a sparse program on the same schedule ({@link TcProgram#densified}): the
     * speedup against it isolates what N:M sparsity changes. A dense program is its own twin.
     */
    @Override
    public SimReport runDenseTwin(Program program, String source) { return runDenseTwin(program, source, null); }

    /** The dense twin, with a trace when {@code traceOpener} is given. */
    public SimReport runDenseTwin(Program program, String source, Function<TraceHeader, TraceSink> traceOpener) {
        ProgramAdapter.requireSameHardware(program, hardware, source);
        TcProgram tc = ProgramAdapter.adapt(program);
        if (program.weightPattern() != null) tc = tc.densified(program.weightPattern());
        return simulate(program, tc, org.nxm.model.sparsity.NmPattern.DENSE, traceOpener);
    }

    /** @param traceOpener given the trace header, opens the sink (null: no trace) */
    @Override
    public SimReport run(Program program, String source, Function<TraceHeader, TraceSink> traceOpener) {
        ProgramAdapter.requireSameHardware(program, hardware, source);
        return simulate(program, ProgramAdapter.adapt(program), program.pattern(), traceOpener);
    }

    /**
     * Simulates the schedule, stretches it to the rate the chip sustains where that binds, then adds the kernels'
     * fixed costs ({@link KernelFixedCost}: launches are not throttled work).
     */
    private SimReport simulate(Program program, TcProgram tc, String pattern, Function<TraceHeader, TraceSink> traceOpener) {
        SimReport r = schedule(program, tc, pattern, traceOpener).withSustainedRate(hardware.kernel());
        return r.withKernelFixedCycles(KernelFixedCost.of(hardware.kernel(), hardware.cores(), program));
    }

    private SimReport schedule(Program program, TcProgram tc, String pattern, Function<TraceHeader, TraceSink> traceOpener) {
        TensorCoreSimulator sim = new TensorCoreSimulator(HardwareParams.from(hardware), engine);
        if (traceOpener == null) return sim.run(tc, pattern);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model", program.model().name());
        meta.put("batch", Integer.toString(program.model().batch()));
        meta.put("seq", Integer.toString(program.model().seq()));
        meta.put("pattern", pattern);
        meta.put("simulator", "nxm tensor-core");
        return sim.runThenTrace(tc, pattern, report -> {
            EnergyReport e = EnergyModel.of(hardware, report);
            meta.putAll(new TraceEnergy(e.totalJ(), e.avgPowerW(), e.byComponentJ(), e.byLayerJ()).metadata());
            return traceOpener.apply(sim.traceHeader(tc, hardware.digest(), meta));
        });
    }
}
