package org.nxm.compiler.tile;

import org.nxm.compiler.program.TileShape;

/**
 * The tiling of one GEMM: block tile shape, K splits (K is split into {@code splits} ranges of
 * {@code splitLength}, the last possibly shorter), work units (output tiles × splits), the cost model's estimate,
 * and the pipeline depth: operand buffers per operand ({@code stages}; a K-step's loads may run that many K-steps
 * ahead of the MMAs, 2 = double buffering) and the order output tiles are dealt to the cores ({@code raster}).
 */
public record GemmPlan(TileShape tile, int splits, int splitLength, long units, long estimatedCycles, CostModel.Breakdown breakdown,
                       int stages, Raster raster) {
    /** A row-major plan ({@link Raster#ROW_MAJOR}, what the cost model's first touches assume). */
    public GemmPlan(TileShape tile, int splits, int splitLength, long units, long estimatedCycles, CostModel.Breakdown breakdown,
                    int stages) {
        this(tile, splits, splitLength, units, estimatedCycles, breakdown, stages, Raster.ROW_MAJOR);
    }

    /** A double-buffered plan. */
    public GemmPlan(TileShape tile, int splits, int splitLength, long units, long estimatedCycles, CostModel.Breakdown breakdown) {
        this(tile, splits, splitLength, units, estimatedCycles, breakdown, 2);
    }

    /** This plan dealing its tiles in {@code r}'s order. */
    public GemmPlan withRaster(Raster r) {
        return new GemmPlan(tile, splits, splitLength, units, estimatedCycles, breakdown, stages, r);
    }

    public int tilesM(int m) { return (m + tile.bm() - 1) / tile.bm(); }

    public int tilesN(int n) { return (n + tile.bn() - 1) / tile.bn(); }
}
