package org.nxm.compiler.tile;

import java.util.List;
import org.nxm.compiler.weighttile.WeightFormat;
import org.nxm.compiler.program.MemoryLevel;
import org.nxm.compiler.program.VectorKind;

/**
 * What the tiler needs to know about one GEMM C[M×N] = A[M×K]·B[K×N].
 *
 * @param weight the format of A when A is a (possibly sparse) weight, null when A is an activation
 * @param aHome where A lives when it is an activation
 * @param bHome where B lives
 * @param cHome where C is stored
 * @param cores cores this GEMM can expect to itself: all of them, or a share when it runs beside
 *        others of its group (the attention heads of a layer)
 * @param epilogue the vector passes fused into the GEMM's epilogue (bias, GELU), in order
 */
public record GemmContext(String name, int m, int n, int k, WeightFormat weight, MemoryLevel aHome,
                          MemoryLevel bHome, MemoryLevel cHome, int cores, List<VectorKind> epilogue) {
    public GemmContext {
        epilogue = List.copyOf(epilogue);
    }

    /** A GEMM without a fused epilogue. */
    public GemmContext(String name, int m, int n, int k, WeightFormat weight, MemoryLevel aHome, MemoryLevel bHome,
                       MemoryLevel cHome, int cores) {
        this(name, m, n, k, weight, aHome, bHome, cHome, cores, List.of());
    }

    public boolean sparse() { return weight != null && weight.sparse(); }
}
