package org.nxm.compiler.lower;

import java.util.List;
import org.nxm.compiler.program.GemmKind;
import org.nxm.compiler.program.ModelShape;
import org.nxm.compiler.program.OperandView;
import org.nxm.compiler.program.TensorKind;
import org.nxm.compiler.program.VectorKind;

/**
 * The model as a sequence of stages over named 2-D tensors, before tiling: what the lower pass produces
 * and the tile pass consumes.
 */
public record LoweredModel(ModelShape shape, List<Tensor> tensors, List<Stage> stages) {
    public LoweredModel {
        tensors = List.copyOf(tensors);
        stages = List.copyOf(stages);
    }

    /** A tensor before memory placement. {@code weightName}: the HF name for WEIGHT/PARAMETER tensors. */
    public record Tensor(int id, String name, TensorKind kind, int rows, int cols) {}

    /** One step of the model. */
    public sealed interface Stage permits Gemm, Vector {
        int layer();
    }

    /**
     * C[M×N] = A[M×K]·B[K×N] (+ fused epilogue). For a Linear, {@code sparseWeight} says A is an N:M
     * weight; attention GEMMs are dense.
     */
    public record Gemm(String name, int layer, GemmKind kind, int m, int n, int k, OperandView a, OperandView b,
                       OperandView c, boolean sparseWeight, int bias, List<VectorKind> epilogue) implements Stage {
        public Gemm {
            epilogue = List.copyOf(epilogue);
        }
    }

    /**
     * A standalone vector op over whole rows: {@code inputs} are tensor ids (data first, then parameters
     * such as LayerNorm gamma and beta), applied to rows {@code [row0, row0+rows)} of the first input.
     */
    public record Vector(String name, int layer, VectorKind kind, List<Integer> inputs, int output, int row0, int rows,
                         int cols, double scale, double eps, boolean causal) implements Stage {
        public Vector {
            inputs = List.copyOf(inputs);
        }
    }
}
