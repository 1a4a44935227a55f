package org.nxm.compiler.tile;

import org.nxm.compiler.program.TileShape;

/**
 * The tiling of one GEMM: block tile shape, K splits (K is split into {@code splits} ranges of
 * {@code splitLength}, the last possibly shorter), work units (output tiles × splits) and the cost model's estimate.
 */
public record GemmPlan(TileShape tile, int splits, int splitLength, long units, long estimatedCycles, CostModel.Breakdown breakdown) {
    public int tilesM(int m) { return (m + tile.bm() - 1) / tile.bm(); }

    public int tilesN(int n) { return (n + tile.bn() - 1) / tile.bn(); }
}
