package org.nxm.simulator.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nxm.compiler.encoding.CompressedMatrix;
import org.nxm.compiler.encoding.CutlassEncoding;
import org.nxm.compiler.encoding.DenseMatrix;
import org.nxm.compiler.encoding.NmEncoding;
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

/**
 * The acceptance check of functional execution: all-MiniLM-L6-v2 (real pretrained weights), every Linear
 * 2:4 pruned by magnitude, run through the compressed-weight kernels, against the reference forward on the
 * same sparse weights, on real STS-B sentences.
 */
class FunctionalMiniLmTest {
    static TransformerWeights sparse;
    static WordPieceTokenizer tokenizer;

    @BeforeAll
    static void load() {
        TransformerWeights dense = MiniLm.loadWeights();
        tokenizer = MiniLm.loadTokenizer();
        TransformerWeights w = dense;
        for (LinearSpec s : dense.config().linears()) {
            Matrix m = dense.linearWeight(s).copy();
            for (int r = 0; r < m.rows(); r++) NmPattern.TWO_FOUR.projectInPlace(m.data(), r * m.cols(), m.cols());
            w = w.withLinearWeight(s.name(), m);
        }
        sparse = w;
    }

    static List<String> stsbSentences(int count) throws Exception {
        Path f = DataDir.file(null, "glue/sts-b/dev.tsv");
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        for (int i = 1; i < lines.size() && out.size() < count; i++) {
            String[] cols = lines.get(i).split("\t");
            out.add(cols[7]);
            out.add(cols[8]);
        }
        return out;
    }

    @Test
    void sparseMiniLmMatchesTheReferenceForwardOnRealSentences() throws Exception {
        Map<String, LogicalNm> compressed = new HashMap<>();
        NmEncoding enc = new NmEncoding(NmPattern.TWO_FOUR, DType.F32);
        for (LinearSpec s : sparse.config().linears()) {
            CompressedMatrix c = enc.encode(DenseMatrix.of(sparse.linearWeight(s), DType.F32));
            compressed.put(s.name(), CompressedWeights.toLogical(c));
        }
        TokenBatch batch = tokenizer.batch(stsbSentences(8));
        Matrix ref = new Encoder(sparse).forward(batch);
        Matrix sim = new FunctionalEncoder(sparse, compressed).forward(batch);
        double err = FunctionalEncoder.maxRelativeError(sim, ref);
        System.out.println("functional MiniLM-L6 2:4 vs reference: max relative error " + err + " over " + batch.rows() + " token rows");
        assertTrue(err <= 1e-5, "max relative error " + err);
    }

    @Test
    void metadataReadersAgreeWithTheEncodingsDecoders() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (NmPattern p : new NmPattern[] {NmPattern.TWO_FOUR, new NmPattern(1, 4), new NmPattern(2, 8), new NmPattern(3, 16)}) {
            int rows = 32, cols = 64;
            float[] w = new float[rows * cols];
            for (int i = 0; i < w.length; i++) w[i] = rnd.nextInt(5) == 0 ? 0f : (float) rnd.nextGaussian();
            for (int r = 0; r < rows; r++) p.projectInPlace(w, r * cols, cols);
            DenseMatrix dense = DenseMatrix.of(new Matrix(rows, cols, w), DType.F32);
            LogicalNm l = CompressedWeights.toLogical(new NmEncoding(p, DType.F32).encode(dense));
            assertArrayEquals(new NmEncoding(p, DType.F32).decode(new NmEncoding(p, DType.F32).encode(dense)).toMatrix().data(), l.decode(), "nm " + p);
        }
        // CUTLASS 2:4 fp16 (reordered metadata), with under-full groups.
        int rows = 64, cols = 128;
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextInt(3) == 0 ? 0f : (float) rnd.nextGaussian();
        for (int r = 0; r < rows; r++) NmPattern.TWO_FOUR.projectInPlace(w, r * cols, cols);
        CutlassEncoding cut = new CutlassEncoding(NmPattern.TWO_FOUR, DType.F16);
        DenseMatrix d16 = DenseMatrix.of(new Matrix(rows, cols, w), DType.F16);
        CompressedMatrix c = cut.encode(d16);
        assertArrayEquals(cut.decode(c).toMatrix().data(), CompressedWeights.toLogical(c).decode());
    }
}
