package org.nxm.admm.finetune.nn;

import java.util.stream.IntStream;
import org.nxm.model.tensor.Matrix;

/**
 * Exact GELU, x·Φ(x) = ½x(1 + erf(x/√2)), as BERT and MiniLM use, with its derivative: the model
 * module's kernels ({@link org.nxm.model.transformer.Gelu}: the encoder's vectorised forward, and
 * its gradient with the same erfc polynomial), rows split across the cores.
 */
public final class Gelu {
    private Gelu() {}

    public static Matrix forward(Matrix u) {
        float[] out = u.data().clone();
        int n = u.cols();
        rows(u).forEach(r -> org.nxm.model.transformer.Gelu.applyInPlace(out, r * n, (r + 1) * n));
        return new Matrix(u.rows(), n, out);
    }

    /** du = dy · GELU'(u), GELU'(x) = Φ(x) + x·φ(x). */
    public static Matrix backward(Matrix dy, Matrix u) {
        float[] out = new float[u.data().length];
        int n = u.cols();
        rows(u).forEach(r -> org.nxm.model.transformer.Gelu.gradient(dy.data(), u.data(), out, r * n, (r + 1) * n));
        return new Matrix(u.rows(), n, out);
    }

    private static IntStream rows(Matrix m) {
        IntStream s = IntStream.range(0, m.rows());
        return (long) m.rows() * m.cols() > 1 << 15 ? s.parallel() : s;
    }
}
