package org.nxm.simulator.systolic;

import org.nxm.compiler.hardware.Dataflow;

/**
 * How a GEMM folds onto an R×C array under a dataflow, with SCALE-Sim's fold order (column folds
 * outer, row folds inner) and its per-fold line structure: every fold lasts the same number of
 * lines {@link #foldLines()} (OS: T+R+C−2; WS/IS: 2R+C+T−2), including the pipeline fill and drain.
 *
 * <p>The {@code *Line} methods give the operand addresses that the array asks of each SRAM on one
 * line (cycle) of a fold, in SCALE-Sim's column order, -1 for an idle port. They are what the
 * cycle-stepped reference engine replays; the event-driven engine only uses the arithmetic.
 */
public final class FoldGeometry {
    public final Dataflow dataflow;
    public final int rows, cols;
    /** Spatial rows, spatial columns, temporal length (SCALE-Sim's Sr, Sc, T). */
    public final int sr, sc, t;
    public final int rowFolds, colFolds;
    private final Layer layer;
    private final long ifmapOffset, filterOffset, ofmapOffset;

    public FoldGeometry(SystolicConfig cfg, Layer layer) {
        this(cfg.dataflow(), cfg.rows(), cfg.cols(), layer, cfg.ifmapOffset(), cfg.filterOffset(), cfg.ofmapOffset());
    }

    public FoldGeometry(Dataflow df, int rows, int cols, Layer layer, long ifmapOffset, long filterOffset, long ofmapOffset) {
        this.dataflow = df;
        this.rows = rows;
        this.cols = cols;
        this.layer = layer;
        this.ifmapOffset = ifmapOffset;
        this.filterOffset = filterOffset;
        this.ofmapOffset = ofmapOffset;
        int m = layer.m(), n = layer.n(), k = layer.k();
        switch (df) {
            case OS -> { sr = m; sc = n; t = k; }
            case WS -> { sr = k; sc = n; t = m; }
            default -> { sr = k; sc = m; t = n; }
        }
        rowFolds = ceilDiv(sr, rows);
        colFolds = ceilDiv(sc, cols);
    }

    public Layer layer() { return layer; }

    public static int ceilDiv(long a, long b) {
        return (int) ((a + b - 1) / b);
    }

    public int folds() { return rowFolds * colFolds; }

    public int foldLines() {
        return dataflow == Dataflow.OS ? t + rows + cols - 2 : 2 * rows + cols + t - 2;
    }

    public long totalLines() { return (long) folds() * foldLines(); }

    public int rowsUsed(int fr) { return Math.min(rows, sr - fr * rows); }

    public int colsUsed(int fc) { return Math.min(cols, sc - fc * cols); }

    /** SCALE-Sim's per-fold cycle count used for "Compute Util %" (its fold matrix rows + cols − 1). */
    public int utilFoldCycles() {
        return dataflow == Dataflow.OS ? t + rows + cols - 2 : 2 * rows + 2 * cols + t - 3;
    }

    /** Width of the IFMAP demand line (R for OS/WS, C for IS). */
    public int ifmapWidth() { return dataflow == Dataflow.IS ? cols : rows; }

    /** Width of the FILTER demand line (C for OS/WS, R for IS). */
    public int filterWidth() { return dataflow == Dataflow.IS ? rows : cols; }

    public int ofmapWidth() { return cols; }

    // ---- operand addresses (with offsets), -1 when SCALE-Sim's im2col view has no element there ----

    public long ifmap(int m, int k) {
        long a = layer.ifmapAddress(m, k);
        return a < 0 ? -1 : a + ifmapOffset;
    }

    public long filter(int k, int n) { return layer.filterAddress(k, n) + filterOffset; }

    public long ofmap(int m, int n) { return layer.ofmapAddress(m, n) + ofmapOffset; }

    // ---- demand lines ----

    public void ifmapLine(int fr, int fc, int tau, long[] out) {
        int ru = rowsUsed(fr), cu = colsUsed(fc);
        switch (dataflow) {
            case OS -> {
                for (int r = 0; r < rows; r++) {
                    int tt = tau - r;
                    out[r] = (r < ru && tt >= 0 && tt < t) ? ifmap(fr * rows + r, tt) : -1;
                }
            }
            case WS -> {
                for (int r = 0; r < rows; r++) {
                    int tt = tau - r - rows;
                    out[r] = (r < ru && tt >= 0 && tt < t) ? ifmap(tt, fr * rows + r) : -1;
                }
            }
            default -> {
                int br = rows - 1 - tau;
                for (int c = 0; c < cols; c++) {
                    out[c] = (tau < rows && br < ru && c < cu) ? ifmap(fc * cols + c, fr * rows + br) : -1;
                }
            }
        }
    }

    public void filterLine(int fr, int fc, int tau, long[] out) {
        int ru = rowsUsed(fr), cu = colsUsed(fc);
        switch (dataflow) {
            case OS -> {
                for (int c = 0; c < cols; c++) {
                    int tt = tau - c;
                    out[c] = (c < cu && tt >= 0 && tt < t) ? filter(tt, fc * cols + c) : -1;
                }
            }
            case WS -> {
                int br = rows - 1 - tau;
                for (int c = 0; c < cols; c++) {
                    out[c] = (tau < rows && br < ru && c < cu) ? filter(fr * rows + br, fc * cols + c) : -1;
                }
            }
            default -> {
                for (int r = 0; r < rows; r++) {
                    int tt = tau - r - rows;
                    out[r] = (r < ru && tt >= 0 && tt < t) ? filter(fr * rows + r, tt) : -1;
                }
            }
        }
    }

    public void ofmapLine(int fr, int fc, int tau, long[] out) {
        int ru = rowsUsed(fr), cu = colsUsed(fc);
        for (int c = 0; c < cols; c++) {
            long v = -1;
            if (c < cu) {
                switch (dataflow) {
                    case OS -> {
                        int q = tau - c - (t - 1);
                        if (q >= 0 && q < rows) {
                            int br = rows - 1 - q;
                            if (br < ru) v = ofmap(fr * rows + br, fc * cols + c);
                        }
                    }
                    case WS -> {
                        int tt = tau - c - (2 * rows - 1);
                        if (tt >= 0 && tt < t) v = ofmap(tt, fc * cols + c);
                    }
                    default -> {
                        int tt = tau - c - (2 * rows - 1);
                        if (tt >= 0 && tt < t) v = ofmap(fc * cols + c, tt);
                    }
                }
            }
            out[c] = v;
        }
    }

    // ---- SCALE-Sim's prefetch (DRAM fetch) order, used with a DRAM bandwidth limit ----

    /** Visits the IFMAP operand in the order SCALE-Sim prefetches it, -1 for padding. */
    public void ifmapFetchOrder(java.util.function.LongConsumer sink) {
        switch (dataflow) {
            case OS -> diagonal(rowFolds * t, rows, (rho, r) -> {
                int fr = rho / t, tt = rho % t;
                return r < rowsUsed(fr) ? ifmap(fr * rows + r, tt) : -1;
            }, sink);
            case WS -> diagonal(rowFolds * t, rows, (rho, r) -> {
                int fr = rho / t, tt = rho % t;
                return r < rowsUsed(fr) ? ifmap(tt, fr * rows + r) : -1;
            }, sink);
            default -> {
                for (int fc = 0; fc < colFolds; fc++)
                    for (int k = 0; k < sr; k++)
                        for (int c = 0; c < cols; c++)
                            sink.accept(c < colsUsed(fc) ? ifmap(fc * cols + c, k) : -1);
            }
        }
    }

    /** Visits the FILTER operand in the order SCALE-Sim prefetches it, -1 for padding. */
    public void filterFetchOrder(java.util.function.LongConsumer sink) {
        switch (dataflow) {
            case OS -> diagonal(colFolds * t, cols, (rho, c) -> {
                int fc = rho / t, tt = rho % t;
                return c < colsUsed(fc) ? filter(tt, fc * cols + c) : -1;
            }, sink);
            case WS -> {
                for (int fc = 0; fc < colFolds; fc++)
                    for (int k = 0; k < sr; k++)
                        for (int c = 0; c < cols; c++)
                            sink.accept(c < colsUsed(fc) ? filter(k, fc * cols + c) : -1);
            }
            default -> diagonal(rowFolds * t, rows, (rho, r) -> {
                int fr = rho / t, tt = rho % t;
                return r < rowsUsed(fr) ? filter(fr * rows + r, tt) : -1;
            }, sink);
        }
    }

    interface Cell { long at(int row, int col); }

    /** SCALE-Sim's anti-diagonal roll-out of an mp×np matrix (bottom-left to top-right in each diagonal). */
    private static void diagonal(int mp, int np, Cell cell, java.util.function.LongConsumer sink) {
        for (int d = 0; d < mp + np; d++) {
            int maxRow = Math.min(d, mp - 1), minRow = Math.max(0, d - np + 1);
            for (int row = maxRow; row >= minRow; row--) sink.accept(cell.at(row, d - row));
        }
    }
}
