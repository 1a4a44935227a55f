package org.nxm.simulator.functional;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nxm.compiler.encoding.CompressedMatrix;
import org.nxm.compiler.encoding.CutlassEncoding;
import org.nxm.compiler.encoding.DenseMatrix;
import org.nxm.compiler.encoding.Encoding;
import org.nxm.compiler.encoding.NmEncoding;
import org.nxm.compiler.hardware.ElementType;
import org.nxm.model.io.InputException;
import org.nxm.model.io.safetensors.SafetensorsFile;
import org.nxm.model.numeric.DType;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;
import org.nxm.model.transformer.Encoder;
import org.nxm.model.transformer.LinearSpec;
import org.nxm.model.transformer.MiniLm;
import org.nxm.model.transformer.TokenBatch;
import org.nxm.model.transformer.TransformerWeights;

/**
 * {@code --functional}: compresses every Linear weight in the layout the target reads (CUTLASS 2:4 for
 * fp16/bf16 targets with 2:4, nxm's N:M format in float32 otherwise), runs the {@link FunctionalEncoder}
 * on real sentences and the reference {@link Encoder} on the same (decoded) sparse weights, and reports
 * the largest difference.
 */
public final class FunctionalCheck {
    /** The acceptance bound: max |sim − ref| / max |ref|. */
    public static final double TOLERANCE = 1e-5;

    public record Result(String layout, int sentences, int tokenRows, double maxRelativeError, long projectedGroups,
                         long simulatedMs, long referenceMs) {
        public boolean passed() { return maxRelativeError <= TOLERANCE; }
    }

    private FunctionalCheck() {}

    /**
     * The weights to check: all-MiniLM-L6-v2 from its artifact, with the Linear weights (and biases) of
     * {@code weightsFile} when given. Fails with one line when the file is missing or holds no Linear.
     */
    public static TransformerWeights loadMiniLm(Path weightsFile) {
        TransformerWeights w = MiniLm.loadWeights();
        if (weightsFile == null) return w;
        if (!Files.isRegularFile(weightsFile)) throw new InputException(weightsFile + ": weights file not found");
        SafetensorsFile f = SafetensorsFile.open(weightsFile);
        int replaced = 0;
        for (LinearSpec s : w.config().linears()) {
            if (f.contains(s.weightName())) {
                Matrix m = f.matrix(s.weightName());
                if (m.rows() != s.out() || m.cols() != s.in()) {
                    throw new InputException(weightsFile + ": tensor '" + s.weightName() + "' is " + m.rows() + "x" + m.cols()
                            + ", expected [" + s.out() + ", " + s.in() + "]");
                }
                w = w.withLinearWeight(s.name(), m);
                replaced++;
            }
        }
        if (replaced == 0) throw new InputException(weightsFile + ": no Linear weight of minilm-l6 found (expected names like "
                + w.config().linears().get(0).weightName() + ")");
        return w;
    }

    public static Result run(TransformerWeights weights, NmPattern pattern, ElementType targetType, boolean cutlassCapable,
                             List<String> sentences, TokenBatch batch) {
        boolean cutlass = cutlassCapable && pattern.equals(NmPattern.TWO_FOUR)
                && (targetType == ElementType.FP16 || targetType == ElementType.BF16);
        DType dtype = cutlass ? (targetType == ElementType.FP16 ? DType.F16 : DType.BF16) : DType.F32;
        Encoding enc = cutlass ? new CutlassEncoding(pattern, dtype) : new NmEncoding(pattern, DType.F32);
        Map<String, LogicalNm> compressed = new HashMap<>();
        TransformerWeights sparse = weights;
        long projected = 0;
        for (LinearSpec s : weights.config().linears()) {
            Matrix m = weights.linearWeight(s).copy();
            float[] d = m.data();
            // Weights that do not already obey the pattern are projected by magnitude (counted, reported).
            for (int r = 0; r < m.rows(); r++) {
                for (int g = 0; g < m.cols(); g += pattern.m()) {
                    int nz = 0;
                    for (int j = 0; j < pattern.m(); j++) if (d[r * m.cols() + g + j] != 0f) nz++;
                    if (nz > pattern.n()) projected++;
                }
                pattern.projectInPlace(d, r * m.cols(), m.cols());
            }
            CompressedMatrix c = enc.encode(DenseMatrix.of(m, dtype));
            LogicalNm l = CompressedWeights.toLogical(c);
            compressed.put(s.name(), l);
            // The reference runs on exactly the weights the hardware holds (rounded to the target type).
            sparse = sparse.withLinearWeight(s.name(), new Matrix(m.rows(), m.cols(), l.decode()));
        }
        long t0 = System.nanoTime();
        Matrix sim = new FunctionalEncoder(sparse, compressed).forward(batch);
        long t1 = System.nanoTime();
        Matrix ref = new Encoder(sparse).forward(batch);
        long t2 = System.nanoTime();
        return new Result(enc.layout() + (cutlass ? " " + dtype.longName() : " float32"), sentences.size(), batch.rows(),
                FunctionalEncoder.maxRelativeError(sim, ref), projected, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }
}
