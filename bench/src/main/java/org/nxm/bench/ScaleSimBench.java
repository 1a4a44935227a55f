package org.nxm.bench;

import java.util.concurrent.TimeUnit;
import org.nxm.compiler.hardware.Dataflow;
import org.nxm.simulator.systolic.Layer;
import org.nxm.simulator.systolic.LayerResult;
import org.nxm.simulator.systolic.SystolicConfig;
import org.nxm.simulator.systolic.SystolicEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * In-process simulation time of the systolic template (SCALE-Sim v2-exact counts).
 * {@code gemm512Array32}: 512³ on a 32×32 array, CALC, per dataflow (SCALE-Sim, OS: ~19 s).
 * {@code gemm4096Bw}: 4096³ on 128×128 with a 10 words/cycle DRAM limit, per dataflow
 * (SCALE-Sim could not finish 1024³ with a limit in 500 s).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScaleSimBench {
    @Param({"os", "ws", "is"})
    public String dataflow;

    private final Layer g512 = Layer.gemm("g512", 512, 512, 512);
    private final Layer g4096 = Layer.gemm("g4096", 4096, 4096, 4096);

    @Benchmark
    public LayerResult gemm512Array32() {
        SystolicConfig cfg = SystolicConfig.of(32, 32, Dataflow.parseOrNull(dataflow), 256, 256, 128, 0);
        return new SystolicEngine().run(cfg, g512);
    }

    @Benchmark
    public LayerResult gemm4096Bw() {
        SystolicConfig cfg = SystolicConfig.of(128, 128, Dataflow.parseOrNull(dataflow), 512, 512, 256, 10);
        return new SystolicEngine().run(cfg, g4096);
    }
}
