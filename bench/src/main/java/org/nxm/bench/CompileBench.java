package org.nxm.bench;

import java.util.concurrent.TimeUnit;
import org.nxm.compiler.Compiler;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.LoweredModel;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.program.ModelShape;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.TransformerConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Compile time of a whole model (lower excluded; tile, schedule, graph, validate included), shapes only:
 * the acceptance case is bert-base on a100 with 2:4 at batch 1, seq 128 (&lt; 5 s).
 *
 * <pre>java --add-modules jdk.incubator.vector -jar bench/target/nxm-benchmarks.jar CompileBench -f 1 -wi 2 -i 3 -w 1 -r 2</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CompileBench {
    @Param({"bert-base"})
    public String model;

    @Param({"a100", "edge-4"})
    public String hw;

    @Param({"2:4"})
    public String pattern;

    private LoweredModel lowered;
    private HardwareConfig target;

    @Setup
    public void setup() {
        lowered = Lowering.lower(ModelShape.of(TransformerConfig.preset(model), 1, 128));
        target = HardwareConfig.preset(hw);
    }

    /** Returns the op count so the work cannot be optimised away. */
    @Benchmark
    public int compile() {
        return Compiler.compile(new Compiler.Request(lowered, target, NmPattern.parse(pattern), null, null)).program().ops().size();
    }
}
