package org.nxm.bench;

import java.util.concurrent.TimeUnit;
import org.nxm.compiler.Compiler;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.program.ModelShape;
import org.nxm.compiler.program.Program;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.simulator.TensorCoreRun;
import org.nxm.simulator.report.SimReport;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Timing-only simulation of a whole compiled model on the tensor-core template, as {@code nxm simulate
 * --hw a100 --model bert-base --pattern 2:4} runs it after compiling: bert-base, batch 1, seq 128, 2:4, on
 * the a100 preset. The program is compiled once in setup; one operation is one full simulation (adapt,
 * event-driven timing of every tile op, report). Besides runs/s, JMH reports two rates from the
 * {@link Rates} counters: simulated MMA instructions per second and simulated tile ops per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SimulateBench {
    @Param({"bert-base"})
    public String model;

    @Param({"a100"})
    public String hw;

    @Param({"2:4"})
    public String pattern;

    private TensorCoreRun runner;
    private Program program;
    private long mmaPerRun;
    private long opsPerRun;

    /** Per-iteration counters that JMH divides by the iteration time (so they read as per-second rates). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Rates {
        public long mmaInstructions;
        public long tileOps;

        @Setup(Level.Iteration)
        public void reset() {
            mmaInstructions = 0;
            tileOps = 0;
        }
    }

    @Setup
    public void setup() {
        HardwareConfig target = HardwareConfig.preset(hw);
        program = Compiler.compile(new Compiler.Request(Lowering.lower(ModelShape.of(TransformerConfig.preset(model), 1, 128)),
                target, NmPattern.parse(pattern), null, null)).program();
        runner = new TensorCoreRun(target);
        SimReport r = runner.run(program, model);
        mmaPerRun = r.mmaInstructions();
        opsPerRun = r.ops();
        System.err.printf("SimulateBench: %s b1 s128 %s on %s: %,d cycles, %,d tile ops, %,d MMA instructions per run%n",
                model, pattern, hw, r.cycles(), opsPerRun, mmaPerRun);
    }

    /** Returns the simulated cycle count so the run cannot be optimised away. */
    @Benchmark
    public long simulate(Rates rates) {
        SimReport r = runner.run(program, model);
        rates.mmaInstructions += r.mmaInstructions();
        rates.tileOps += r.ops();
        return r.cycles();
    }
}
