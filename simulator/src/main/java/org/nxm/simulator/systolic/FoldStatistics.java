package org.nxm.simulator.systolic;

/** SCALE-Sim's per-fold averages (mapping efficiency, compute utilisation) and SRAM access counts. */
final class FoldStatistics {
    final double mappingEffPct, computeUtilPct;
    final long ifmapSramReads, filterSramReads, ofmapSramWrites;

    FoldStatistics(FoldGeometry g) {
        double mapSum = 0, utilSum = 0;
        double pes = (double) g.rows * g.cols;
        int foldCycles = g.utilFoldCycles();
        long ifR = 0, fiR = 0, ofW = 0;
        for (int fc = 0; fc < g.colFolds; fc++) {
            int cu = g.colsUsed(fc);
            for (int fr = 0; fr < g.rowFolds; fr++) {
                int ru = g.rowsUsed(fr);
                long used = (long) ru * cu;
                // Same operations, same order as SCALE-Sim, so the averages agree to the last bit.
                mapSum += used / pes;
                utilSum += (double) (used * g.t) / (pes * foldCycles);
                switch (g.dataflow) {
                    case OS -> { ifR += (long) g.t * ru; fiR += (long) g.t * cu; ofW += used + g.rows + g.cols; }
                    case WS -> { ifR += (long) g.t * ru; fiR += used; ofW += (long) g.t * cu; }
                    default -> { ifR += used; fiR += (long) g.t * ru; ofW += (long) g.t * cu; }
                }
            }
        }
        int folds = g.folds();
        mappingEffPct = mapSum / folds * 100;
        computeUtilPct = utilSum / folds * 100;
        ifmapSramReads = ifR;
        filterSramReads = fiR;
        ofmapSramWrites = ofW;
    }
}
