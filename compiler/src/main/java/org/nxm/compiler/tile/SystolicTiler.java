package org.nxm.compiler.tile;

import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.program.TileShape;
import org.nxm.model.io.InputException;

/**
 * Folds of an R×C systolic array. Our GEMM C[M×N] = W[M×K]·Xᵀ is SCALE-Sim's OFMAP transposed
 * (SCALE-Sim M = our N tokens, SCALE-Sim N = our M features), so: os puts our N on rows and M on
 * columns and streams K; ws puts K on rows and M on columns and streams N; is puts K on rows and N on
 * columns and streams M. With N:M weights the array's K rows hold kept values, so one fold covers
 * R·m/n of dense K. The streamed extent is chosen as large as the double-buffered SRAMs hold.
 */
public final class SystolicTiler {
    private SystolicTiler() {}

    public static GemmPlan plan(HardwareConfig hw, GemmContext g) {
        var s = hw.systolic();
        int elem = hw.dtype().bytes();
        long ifmap = s.ifmapSramKb() * 1024 / 2;
        long filter = s.filterSramKb() * 1024 / 2;
        int kFold = g.sparse() ? s.rows() * g.weight().pattern().m() / g.weight().pattern().n() : s.rows();
        int kAlign = g.weight() != null ? g.weight().kAlign() : 1;
        kFold = Math.max(kAlign, kFold / kAlign * kAlign);
        TileShape t;
        switch (s.dataflow()) {
            case OS -> {
                int bn = Math.min(s.rows(), g.n());
                int bm = Math.min(s.cols(), g.m());
                long perK = (long) bn * elem + weightBytesPerK(g, bm, elem);
                int bk = (int) Math.min(g.k(), Math.max(kAlign, Math.min(ifmap, filter) / Math.max(1, perK) / kAlign * kAlign));
                t = new TileShape(bm, bn, Math.max(bk, Math.min(kAlign, g.k())));
            }
            case WS -> {
                int bm = Math.min(s.cols(), g.m());
                int bk = Math.min(kFold, g.k());
                int bn = (int) Math.max(1, Math.min(g.n(), ifmap / Math.max(1, (long) bk * elem)));
                t = new TileShape(bm, bn, bk);
            }
            default -> {
                int bn = Math.min(s.cols(), g.n());
                int bk = Math.min(kFold, g.k());
                int bm = (int) Math.max(1, Math.min(g.m(), filter / Math.max(1, weightBytesPerK(g, 1, elem) * bk)));
                t = new TileShape(bm, bn, bk);
            }
        }
        if (g.weight() != null && t.bk() % kAlign != 0 && t.bk() != g.k()) {
            throw new InputException("hardware " + hw.name() + ": SRAM too small for the smallest legal tile of " + g.name());
        }
        if (g.sparse() && t.bk() % g.weight().pattern().m() != 0) {
            throw new InputException("hardware " + hw.name() + ": " + g.name() + ": K tile " + t.bk() + " not whole groups of "
                    + g.weight().pattern().m());
        }
        CostModel.Breakdown est = CostModel.estimate(hw, g, t, 1, g.k());
        long units = (long) ((g.m() + t.bm() - 1) / t.bm()) * ((g.n() + t.bn() - 1) / t.bn());
        return new GemmPlan(t, 1, g.k(), units, est.total(), est);
    }

    private static long weightBytesPerK(GemmContext g, int rows, int elem) {
        if (g.weight() == null) return (long) rows * elem;
        return Math.max(1, g.weight().valueBytes(rows, g.weight().kAlign()) / g.weight().kAlign());
    }
}
