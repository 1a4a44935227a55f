package org.nxm.compiler.interp;

import java.util.function.IntFunction;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.Region;
import org.nxm.compiler.program.TileOp;

/** Plain-loop vector ops (double arithmetic) for the reference interpreter. */
final class VectorKernels {
    private VectorKernels() {}

    /** Exact GELU, x·Φ(x), as the model module's reference uses. */
    static double gelu(double x) {
        return org.nxm.model.transformer.Gelu.gelu((float) x);
    }

    static void apply(TileOp.VectorOp v, IntFunction<float[]> tensor, Program p) {
        Region out = v.output().region();
        float[] dst = tensor.apply(v.output().tensor());
        int cols = out.cols();
        float[] x = tensor.apply(v.inputs().get(0).tensor());
        Region xr = v.inputs().get(0).region();
        for (int r = 0; r < out.rows(); r++) {
            int xo = (xr.row0() + r) * cols;
            int o = (out.row0() + r) * cols;
            switch (v.vectorKind()) {
                case ADD -> {
                    float[] y = tensor.apply(v.inputs().get(1).tensor());
                    int yo = (v.inputs().get(1).region().row0() + r) * cols;
                    for (int j = 0; j < cols; j++) dst[o + j] = x[xo + j] + y[yo + j];
                }
                case GELU -> {
                    for (int j = 0; j < cols; j++) dst[o + j] = (float) gelu(x[xo + j]);
                }
                case SOFTMAX -> {
                    int query = (xr.row0() + r) % cols;
                    int keys = v.causal() ? query + 1 : cols;
                    for (int j = 0; j < cols; j++) dst[o + j] = j < keys ? (float) (v.scale() * x[xo + j]) : Float.NEGATIVE_INFINITY;
                    org.nxm.model.numeric.RowKernels.softmax(dst, o, cols);
                }
                case LAYERNORM -> {
                    float[] gamma = tensor.apply(v.inputs().get(1).tensor());
                    float[] beta = tensor.apply(v.inputs().get(2).tensor());
                    org.nxm.model.numeric.RowKernels.layerNorm(x, xo, dst, o, cols, gamma, beta, v.eps());
                }
                case BIAS -> {
                    float[] b = tensor.apply(v.inputs().get(1).tensor());
                    for (int j = 0; j < cols; j++) dst[o + j] = x[xo + j] + b[j];
                }
            }
        }
    }
}
