package org.nxm.bench;

import java.util.concurrent.TimeUnit;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.simulator.engine.EventDrivenEngine;
import org.nxm.simulator.engine.OpGraph;
import org.nxm.simulator.tensorcore.HardwareParams;
import org.nxm.simulator.tensorcore.SyntheticGemm;
import org.nxm.simulator.tensorcore.TcProgram;
import org.nxm.simulator.tensorcore.TensorCoreMachine;
import org.nxm.simulator.tensorcore.TensorCoreParams;
import org.nxm.simulator.tensorcore.TensorCoreSimulator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Speed of the tensor-core simulator: simulated tile ops per second, on a 2:4 GEMM on the a100 figures.
 * {@code engine} times the event-driven engine alone; {@code fullRun} maps, schedules and reports.
 * Divide ops/s by the ops per run (printed at setup) for runs/s; each MMA op stands for
 * bm·bn·bk/(16·8·32) hardware MMA instructions.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SimulatorBench {
    @Param({"1024"})
    int size;

    TensorCoreParams hw;
    TcProgram program;
    OpGraph graph;

    @Setup(Level.Trial)
    public void setup() {
        hw = HardwareParams.from(HardwareConfig.preset("a100"));
        program = SyntheticGemm.gemm(hw, size * 3, size * 3, size * 4, NmPattern.TWO_FOUR, 128, 128, 64);
        graph = new TensorCoreMachine(hw).map(program).graph();
        System.err.println("SimulatorBench: " + program.size() + " ops per run");
    }

    /** Event-driven engine only; returns makespan. Score × ops per run = ops/s. */
    @Benchmark
    public long engine() {
        return new EventDrivenEngine().run(graph).makespan();
    }

    @Benchmark
    public long fullRun() {
        return new TensorCoreSimulator(hw).run(program, "2:4").cycles();
    }
}
