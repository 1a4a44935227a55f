package org.nxm.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.LoweredModel;
import org.nxm.compiler.program.Program;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;
import org.nxm.model.transformer.Encoder;
import org.nxm.model.transformer.LinearInputHook;
import org.nxm.model.transformer.MiniLm;
import org.nxm.model.transformer.TokenBatch;
import org.nxm.model.transformer.TransformerWeights;
import org.nxm.simulator.functional.FunctionalCheck;
import org.nxm.simulator.functional.FunctionalRun;
import org.nxm.simulator.functional.FunctionalSimulator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Functional simulation: the real all-MiniLM-L6-v2 forward computed by executing its compiled program, as
 * {@code nxm simulate --hw a100 --model minilm-l6 --pattern 2:4 --functional} does it. Setup prunes every
 * Linear to 2:4 by magnitude, compiles the model for a100 with those weights (CUTLASS 2:4 fp16 weight
 * tiles, batch 1 × seq 128: 60,330 tile ops), builds the {@link FunctionalSimulator} (which decodes each
 * weight tile's values and metadata bytes once), and packs real STS-B dev sentences into the 128 token
 * rows. {@code functionalForward} times {@link FunctionalSimulator#run}: every tile op in dependency order
 * — operand tile loads, sparse MMAs whose metadata selects the activation rows, split-K reduces, fused
 * bias/GELU epilogues, stores, softmax/LayerNorm/residual vector ops; {@code referenceForward} times the
 * model's reference {@link Encoder} on the same sparse weights (rounded to fp16 as the tiles hold them)
 * from the same embeddings. Setup checks the two agree within {@link FunctionalCheck#TOLERANCE}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class FunctionalSimBench {
    static final int SEQ = 128;

    FunctionalSimulator functional;
    Encoder reference;
    TokenBatch batch;
    float[] embedded;

    @Setup
    public void setup() {
        TransformerWeights dense = MiniLm.loadWeights();
        LoweredModel lm = FunctionalRun.lower(dense.config(), 1, SEQ);
        FunctionalRun.SparseWeights sparse = FunctionalRun.sparse(dense, lm, NmPattern.TWO_FOUR);
        Program program = FunctionalRun.compile(sparse, lm, HardwareConfig.preset("a100"), NmPattern.TWO_FOUR);
        functional = new FunctionalSimulator(program);
        reference = new Encoder(FunctionalCheck.asStored(sparse.weights(), program.dtype()));
        List<String> texts = FunctionalRun.stsbSentences(null, 64);
        batch = FunctionalRun.pack(MiniLm.loadTokenizer(), texts, 1, SEQ).batch();
        embedded = reference.embed(batch).data();
        double err = FunctionalCheck.maxRelativeError(functional.run(embedded), reference.forward(batch).data());
        if (err > FunctionalCheck.TOLERANCE) throw new IllegalStateException("functional output off the reference by " + err);
    }

    @Benchmark
    public float[] functionalForward() {
        return functional.run(embedded);
    }

    @Benchmark
    public Matrix referenceForward() {
        Matrix h = new Matrix(batch.rows(), reference.config().hidden(), embedded.clone());
        for (int l = 0; l < reference.config().layers(); l++) h = reference.layer(l, h, batch, LinearInputHook.NONE);
        return h;
    }
}
