package org.nxm.admm.finetune.nn;

import java.util.stream.IntStream;
import org.nxm.model.numeric.Erf;
import org.nxm.model.tensor.Matrix;

/** Exact GELU, x·Φ(x) = ½x(1 + erf(x/√2)), as BERT and MiniLM use, with its derivative. */
public final class Gelu {
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    private Gelu() {}

    public static Matrix forward(Matrix u) {
        float[] in = u.data();
        float[] out = new float[in.length];
        rows(u).forEach(r -> {
            for (int i = r * u.cols(), end = i + u.cols(); i < end; i++) {
                double x = in[i];
                out[i] = (float) org.nxm.model.transformer.Gelu.gelu(x);
            }
        });
        return new Matrix(u.rows(), u.cols(), out);
    }

    /** du = dy · GELU'(u), GELU'(x) = Φ(x) + x·φ(x). */
    public static Matrix backward(Matrix dy, Matrix u) {
        float[] in = u.data(), g = dy.data();
        float[] out = new float[in.length];
        rows(u).forEach(r -> {
            for (int i = r * u.cols(), end = i + u.cols(); i < end; i++) {
                double x = in[i];
                double cdf = Erf.normalCdf(x);
                double pdf = INV_SQRT_2PI * Math.exp(-0.5 * x * x);
                out[i] = (float) (g[i] * (cdf + x * pdf));
            }
        });
        return new Matrix(u.rows(), u.cols(), out);
    }

    private static IntStream rows(Matrix m) {
        IntStream s = IntStream.range(0, m.rows());
        return (long) m.rows() * m.cols() > 1 << 15 ? s.parallel() : s;
    }
}
