package org.nxm.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.nxm.compiler.encoding.CutlassEncoding;
import org.nxm.compiler.encoding.DenseMatrix;
import org.nxm.compiler.encoding.Encoding;
import org.nxm.model.data.DataDir;
import org.nxm.model.numeric.DType;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;
import org.nxm.model.tokenizer.WordPieceTokenizer;
import org.nxm.model.transformer.Encoder;
import org.nxm.model.transformer.LinearSpec;
import org.nxm.model.transformer.MiniLm;
import org.nxm.model.transformer.TokenBatch;
import org.nxm.model.transformer.TransformerWeights;
import org.nxm.simulator.functional.CompressedWeights;
import org.nxm.simulator.functional.FunctionalCheck;
import org.nxm.simulator.functional.FunctionalEncoder;
import org.nxm.simulator.functional.LogicalNm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Functional simulation: the real all-MiniLM-L6-v2 forward computed from compressed weights, as {@code nxm
 * simulate --hw a100 --model minilm-l6 --pattern 2:4 --functional} does it. Setup prunes every Linear to 2:4
 * by magnitude, encodes it in the a100's layout (CUTLASS 2:4, float16 values), reads the metadata back into
 * the gather form, and packs real STS-B dev sentences into one sequence of 128 tokens (the program shape
 * b1 s128). {@code functionalForward} times {@link FunctionalEncoder#forward} (sparse MMAs that gather the
 * activations through the metadata, dense attention MMAs, vector-unit kernels); {@code referenceForward}
 * times the model's reference {@link Encoder} on the same (decoded) sparse weights, for comparison. Setup
 * checks the two agree within {@link FunctionalCheck#TOLERANCE}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class FunctionalSimBench {
    static final int SEQ = 128;

    FunctionalEncoder functional;
    Encoder reference;
    TokenBatch batch;

    @Setup
    public void setup() throws IOException {
        TransformerWeights dense = MiniLm.loadWeights();
        NmPattern p = NmPattern.TWO_FOUR;
        Encoding enc = new CutlassEncoding(p, DType.F16);
        Map<String, LogicalNm> compressed = new HashMap<>();
        TransformerWeights sparse = dense;
        for (LinearSpec s : dense.config().linears()) {
            Matrix m = dense.linearWeight(s).copy();
            for (int r = 0; r < m.rows(); r++) p.projectInPlace(m.data(), r * m.cols(), m.cols());
            LogicalNm l = CompressedWeights.toLogical(enc.encode(DenseMatrix.of(m, DType.F16)));
            compressed.put(s.name(), l);
            sparse = sparse.withLinearWeight(s.name(), new Matrix(m.rows(), m.cols(), l.decode()));
        }
        functional = new FunctionalEncoder(sparse, compressed);
        reference = new Encoder(sparse);
        batch = packedStsb(MiniLm.loadTokenizer(), SEQ);
        double err = FunctionalEncoder.maxRelativeError(functional.forward(batch), reference.forward(batch));
        if (err > FunctionalCheck.TOLERANCE) throw new IllegalStateException("functional output off the reference by " + err);
    }

    /** [CLS], then STS-B dev sentences back to back, cut to {@code seq - 2} tokens, then [SEP]. */
    static TokenBatch packedStsb(WordPieceTokenizer tok, int seq) throws IOException {
        List<String> lines = Files.readAllLines(DataDir.file(null, "glue/sts-b/dev.tsv"), StandardCharsets.UTF_8);
        int[] specials = tok.encode("").ids();
        int[] ids = new int[seq];
        ids[0] = specials[0];
        int pos = 1;
        for (int i = 1; pos < seq - 1; i++) {
            String[] cols = lines.get(i).split("\t");
            for (String text : new String[] {cols[7], cols[8]}) {
                int[] more = tok.ids(text);
                int take = Math.min(more.length, seq - 1 - pos);
                System.arraycopy(more, 0, ids, pos, take);
                pos += take;
            }
        }
        ids[seq - 1] = specials[specials.length - 1];
        List<TokenBatch.Sequence> one = new ArrayList<>();
        one.add(TokenBatch.Sequence.of(ids));
        return TokenBatch.of(one);
    }

    @Benchmark
    public Matrix functionalForward() {
        return functional.forward(batch);
    }

    @Benchmark
    public Matrix referenceForward() {
        return reference.forward(batch);
    }
}
