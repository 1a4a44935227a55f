package org.nxm.simulator.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nxm.compiler.encoding.CompressedMatrix;
import org.nxm.compiler.encoding.CutlassEncoding;
import org.nxm.compiler.encoding.DenseMatrix;
import org.nxm.compiler.encoding.NmEncoding;
import org.nxm.model.numeric.DType;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;

/** The metadata readers of the functional simulator against the encodings' own decoders. */
class CompressedWeightsTest {
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

    @Test
    void positionsRefuseCodesThatAreNotStrictlyAscending() {
        float[] w = new float[32 * 32];
        for (int i = 0; i < w.length; i += 2) w[i] = 1f + i;
        CompressedMatrix c = new NmEncoding(NmPattern.TWO_FOUR, DType.F32).encode(DenseMatrix.of(new Matrix(32, 32, w), DType.F32));
        c.meta().put(0, (byte) 0);   // first group: positions {0, 0}
        assertThrows(org.nxm.model.io.InputException.class, () -> CompressedWeights.positions(c));
    }
}
