package org.nxm.compiler.tile;

import org.nxm.compiler.program.TileShape;

/**
 * The tiling of one GEMM: block tile shape, K splits (K is split into {@code splits} ranges of
 * {@code splitLength}, the last possibly shorter), work units (output tiles × splits), the cost model's estimate,
 * and the pipeline depth: operand buffers per operand ({@code stages}; a K-step's loads may run that many K-steps
 * ahead of the MMAs, 2 = double buffering).
 */
public record GemmPlan(TileShape tile, int splits, int splitLength, long units, long estimatedCycles, CostModel.Breakdown breakdown,
                       int stages) {
    /** A double-buffered plan. */
    public GemmPlan(TileShape tile, int splits, int splitLength, long units, long estimatedCycles, CostModel.Breakdown breakdown) {
        this(tile, splits, splitLength, units, estimatedCycles, breakdown, 2);
    }

    public int tilesM(int m) { return (m + tile.bm() - 1) / tile.bm(); }

    public int tilesN(int n) { return (n + tile.bn() - 1) / tile.bn(); }
}
