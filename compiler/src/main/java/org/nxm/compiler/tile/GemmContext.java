package org.nxm.compiler.tile;

import org.nxm.compiler.weighttile.WeightFormat;
import org.nxm.compiler.program.MemoryLevel;

/**
 * What the tiler needs to know about one GEMM C[M×N] = A[M×K]·B[K×N].
 *
 * @param weight the format of A when A is a (possibly sparse) weight, null when A is an activation
 * @param aHome where A lives when it is an activation
 * @param bHome where B lives
 * @param cHome where C is stored
 * @param cores cores this GEMM can expect to itself: all of them, or a share when it runs beside
 *        others of its group (the attention heads of a layer)
 */
public record GemmContext(String name, int m, int n, int k, WeightFormat weight, MemoryLevel aHome,
                          MemoryLevel bHome, MemoryLevel cHome, int cores) {
    public boolean sparse() { return weight != null && weight.sparse(); }
}
