package org.nxm.bench;

import java.util.concurrent.TimeUnit;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.mapping.Mapper;
import org.nxm.compiler.mapping.Search;
import org.nxm.compiler.weighttile.WeightFormat;
import org.nxm.compiler.program.MemoryLevel;
import org.nxm.compiler.tile.GemmContext;
import org.nxm.compiler.tile.GemmPlan;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.simulator.mapping.SimulatedGemm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The mapper on one GEMM with a fresh cache per operation (so every operation searches): the BERT-base FFN
 * down-projection at T = 128 (M = 768 out-features, N = 128 tokens, K = 3072), 2:4, on {@code h200}.
 * {@code heuristic} costs every legal tiling with the cost model; {@code top-k=4} also compiles and simulates
 * four of them with the event-driven engine. One operation = one GEMM mapped.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MapperBench {
    @Param({"heuristic", "top-k=4"})
    public String search;

    private HardwareConfig hw;
    private GemmContext gemm;
    private Search parsed;

    @Setup
    public void setup() {
        hw = HardwareConfig.preset("h200");
        gemm = new GemmContext("ffn.down", 768, 128, 3072, WeightFormat.choose(hw, NmPattern.TWO_FOUR), MemoryLevel.L2,
                MemoryLevel.L2, MemoryLevel.L2, hw.cores());
        parsed = Search.parse(search);
    }

    /** Returns the chosen plan so the search cannot be optimised away. */
    @Benchmark
    public GemmPlan map() {
        Mapper m = new Mapper(parsed, parsed.simulates() ? new SimulatedGemm() : null);
        return m.plan(hw, gemm);
    }
}
