package org.nxm.simulator.systolic;

/**
 * One read operand (IFMAP or FILTER) as the array consumes it under a dataflow, described by
 * arithmetic instead of address lists: which lines of a fold carry it, how many words each, where
 * those words sit in SCALE-Sim's prefetch order, and how folds group into repeated sweeps.
 *
 * <p>Two shapes occur. A <b>skewed</b> feed streams an h×w block diagonally from line p0 (the
 * streaming operand of every dataflow, and OS's both operands). A <b>block</b> feed preloads ru×cu
 * stationary values one row per line, bottom row first (WS filter, IS ifmap).
 */
final class OperandFeed {
    final FoldGeometry g;
    final boolean skewed;
    /** Skewed: first line offset; block: unused. */
    final int p0;
    /** Whether this operand's fold index follows row folds (fr) or column folds (fc). */
    final boolean byRowFold;
    /** Prefetch order: diagonal roll-out of the stacked matrix (skewed) or row-major (block). */
    final int width;
    /** Valid words in the prefetch order, and its length including padding. */
    final long validWords, fetchLength;
    /** Sweep structure: how many consecutive folds share one identical element sequence. */
    final SweepKind sweep;

    enum SweepKind {
        /** The whole operand, re-read once per column fold (rf folds a sweep). */
        WHOLE_PER_COLUMN_FOLD,
        /** A column slice re-read by each of its rf row folds (one fold a sweep). */
        SLICE_PER_ROW_FOLD,
        /** Every fold reads fresh words. */
        FRESH
    }

    private OperandFeed(FoldGeometry g, boolean skewed, int p0, boolean byRowFold, int width, SweepKind sweep) {
        this.g = g;
        this.skewed = skewed;
        this.p0 = p0;
        this.byRowFold = byRowFold;
        this.width = width;
        this.sweep = sweep;
        if (skewed) {
            int nf = byRowFold ? g.rowFolds : g.colFolds;
            int spatial = byRowFold ? g.sr : g.sc;
            validWords = (long) spatial * g.t;
            fetchLength = (long) nf * g.t * width;
        } else {
            validWords = (long) g.sr * g.sc;
            fetchLength = (long) g.colFolds * g.sr * g.cols;
        }
    }

    static OperandFeed ifmap(FoldGeometry g) {
        return switch (g.dataflow) {
            case OS -> new OperandFeed(g, true, 0, true, g.rows, SweepKind.WHOLE_PER_COLUMN_FOLD);
            case WS -> new OperandFeed(g, true, g.rows, true, g.rows, SweepKind.WHOLE_PER_COLUMN_FOLD);
            case IS -> new OperandFeed(g, false, 0, false, g.cols, SweepKind.FRESH);
        };
    }

    static OperandFeed filter(FoldGeometry g) {
        return switch (g.dataflow) {
            case OS -> new OperandFeed(g, true, 0, false, g.cols, SweepKind.SLICE_PER_ROW_FOLD);
            case WS -> new OperandFeed(g, false, 0, false, g.cols, SweepKind.FRESH);
            case IS -> new OperandFeed(g, true, g.rows, true, g.rows, SweepKind.WHOLE_PER_COLUMN_FOLD);
        };
    }

    /** Width of this operand in fold (fr, fc): used rows or used columns. */
    int used(int fr, int fc) {
        return byRowFold ? g.rowsUsed(fr) : g.colsUsed(fc);
    }

    /** Words this operand delivers in one fold. */
    long foldWords(int fr, int fc) {
        return skewed ? (long) g.t * used(fr, fc) : (long) g.rowsUsed(fr) * g.colsUsed(fc);
    }

    /** First line (within a fold) that carries this operand. */
    int firstLine(int fr, int fc) {
        return skewed ? p0 : g.rows - g.rowsUsed(fr);
    }

    /** Last line (within a fold) that carries this operand. */
    int lastLine(int fr, int fc) {
        return skewed ? p0 + g.t + used(fr, fc) - 2 : g.rows - 1;
    }

    /** Words on line tau of fold (fr, fc). */
    long lineWords(int fr, int fc, int tau) {
        if (skewed) return Skew.count(tau - p0, g.t, used(fr, fc));
        return tau >= g.rows - g.rowsUsed(fr) && tau < g.rows ? g.colsUsed(fc) : 0;
    }

    /** The line (within the fold) on which the fold's q-th word (in line order) is read. */
    int lineOfWord(int fr, int fc, long q) {
        if (skewed) return p0 + (int) Skew.diagonalOf(q, g.t, used(fr, fc));
        return g.rows - g.rowsUsed(fr) + (int) (q / g.colsUsed(fc));
    }

    /**
     * Position, among the valid words of SCALE-Sim's prefetch order, of the first word read on
     * line tau of fold (fr, fc) (the line's words are consecutive there). Requires lineWords > 0.
     */
    long firstPosition(int fr, int fc, int tau) {
        if (!skewed) {
            int k = fr * g.rows + (g.rows - 1 - tau);
            return (long) fc * g.sr * g.cols + (long) k * g.colsUsed(fc);
        }
        int gIdx = byRowFold ? fr : fc;
        int nf = byRowFold ? g.rowFolds : g.colFolds;
        long d = tau - p0;
        long jlo = Skew.firstCol(d, g.t);
        long diag = (long) gIdx * g.t + d;
        long mp = (long) nf * g.t;
        int wl = byRowFold ? g.rowsUsed(nf - 1) : g.colsUsed(nf - 1);
        long r0 = (long) (nf - 1) * g.t;
        long before = Skew.prefix(diag, mp, width) - (width > wl ? Skew.prefix(diag - r0 - wl, g.t, width - wl) : 0);
        long cmin = Math.max(0, diag - mp + 1);
        long invalid = Math.max(0, Math.min(jlo, diag - r0 + 1) - Math.max(cmin, wl));
        return before + (jlo - cmin) - invalid;
    }
}
