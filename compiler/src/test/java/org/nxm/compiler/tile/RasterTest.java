package org.nxm.compiler.tile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class RasterTest {

    private static int[] order(Raster r, int tilesM, int tilesN) {
        int[] out = new int[tilesM * tilesN];
        for (int o = 0; o < out.length; o++) out[o] = r.tile(o, tilesM, tilesN);
        return out;
    }

    @Test
    void everyOrderDealsEveryTileOnce() {
        for (Raster r : Raster.values()) {
            for (int tm = 1; tm <= 11; tm++) {
                for (int tn = 1; tn <= 9; tn++) {
                    boolean[] seen = new boolean[tm * tn];
                    for (int t : order(r, tm, tn)) {
                        assertFalse(seen[t], r + " " + tm + "x" + tn + ": tile " + t + " twice");
                        seen[t] = true;
                    }
                }
            }
        }
    }

    @Test
    void ordersWrittenOutByHand() {
        // 5 M blocks × 3 N blocks, tile = ti·3 + tj
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}, order(Raster.ROW_MAJOR, 5, 3));
        assertArrayEquals(new int[] {0, 3, 6, 9, 12, 1, 4, 7, 10, 13, 2, 5, 8, 11, 14}, order(Raster.COLUMN_MAJOR, 5, 3));
        assertEquals(4, Raster.GROUP);
        // band of M blocks 0..3 column by column, then the one-block band 4
        assertArrayEquals(new int[] {0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11, 12, 13, 14}, order(Raster.GROUPED, 5, 3));
        assertEquals("grouped-4", Raster.GROUPED.label());
    }
}
