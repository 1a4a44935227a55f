package org.nxm.compiler.tile;

/**
 * The order a GEMM's output tiles are dealt to the cores (rasterisation). Consecutive work units run on consecutive
 * cores at about the same time, so the order decides which operand tiles neighbouring cores share in the L2: along a
 * row of tiles (same M block) they share the A tile (the weight rows), down a column (same N block) the B tile.
 * <ul>
 *   <li>{@code ROW_MAJOR}: M block outer, N block inner (the order the scheduler always used).</li>
 *   <li>{@code COLUMN_MAJOR}: N block outer, M block inner.</li>
 *   <li>{@code GROUPED}: bands of {@link #GROUP} M blocks, each band walked column by column (a swizzle: a wave covers
 *   a squarer patch of C, so fewer distinct A and B tiles are read per wave than by either plain order).</li>
 * </ul>
 */
public enum Raster {
    ROW_MAJOR("row-major"), COLUMN_MAJOR("column-major"), GROUPED("grouped-" + Raster.GROUP);

    /** M blocks per band of the grouped order. */
    public static final int GROUP = 4;

    private final String label;

    Raster(String label) { this.label = label; }

    /** The name in reports ({@code --stats}, {@code --json}). */
    public String label() { return label; }

    /**
     * The output tile dealt {@code order}-th, as {@code ti · tilesN + tj} (ti the M block, tj the N block). For each
     * order a bijection of 0 .. tilesM · tilesN − 1.
     */
    public int tile(int order, int tilesM, int tilesN) {
        return switch (this) {
            case ROW_MAJOR -> order;
            case COLUMN_MAJOR -> (order % tilesM) * tilesN + order / tilesM;
            case GROUPED -> {
                int perBand = GROUP * tilesN;
                int first = order / perBand * GROUP;
                int rows = Math.min(GROUP, tilesM - first);   // the last band may be narrower
                int r = order % perBand;
                yield (first + r % rows) * tilesN + r / rows;
            }
        };
    }
}
