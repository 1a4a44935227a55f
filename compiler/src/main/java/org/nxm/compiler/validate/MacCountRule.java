package org.nxm.compiler.validate;

import static org.nxm.compiler.validate.ValidationRule.at;

import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.program.GemmInfo;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.TileOp;
import org.nxm.model.io.InputException;
import org.nxm.model.sparsity.NmPattern;

/**
 * Rule 5: MACs. Every MMA counts the MACs of its tile (bm·bn·bk dense, ·n/m sparse, with a sparse
 * K-step of whole groups), and every GEMM's MMA tiles cover its M·N·K products exactly once and count
 * M·N·K (dense) or M·N·K·n/m, as its declared total does.
 */
final class MacCountRule implements ValidationRule {
    @Override
    public void check(Program p, HardwareConfig hw) {
        long[] macs = new long[p.gemms().size()];
        long[] covered = new long[p.gemms().size()];
        for (TileOp op : p.ops()) {
            if (!(op instanceof TileOp.Mma m)) continue;
            long expect = m.tile().denseMacs();
            if (m.sparse()) {
                NmPattern pat = NmPattern.parseOrDense(m.pattern());
                if (pat != null) {
                    if (m.tile().bk() % pat.m() != 0) {
                        throw new InputException(at(op) + ": sparse K-step of " + m.tile().bk() + " is not whole groups of " + pat.m());
                    }
                    expect = expect / pat.m() * pat.n();
                }
            }
            if (m.macs() != expect) {
                throw new InputException(at(op) + ": counts " + m.macs() + " MACs, tile " + m.tile() + " has " + expect);
            }
            macs[m.gemm()] += m.macs();
            covered[m.gemm()] += m.tile().denseMacs();
        }
        for (GemmInfo gi : p.gemms()) {
            String name = "gemm " + gi.id() + " (" + gi.name() + ", layer " + gi.layer() + ")";
            if (covered[gi.id()] != gi.denseMacs()) {
                throw new InputException(name + ": MMA tiles cover " + covered[gi.id()] + " of M·N·K = " + gi.denseMacs() + " products");
            }
            long expect = gi.sparse() ? gi.denseMacs() / gi.nmPattern().m() * gi.nmPattern().n() : gi.denseMacs();
            if (macs[gi.id()] != expect || gi.macs() != expect) {
                throw new InputException(name + ": MAC count " + macs[gi.id()] + " (declared " + gi.macs() + ") != "
                        + (gi.sparse() ? "M·N·K·n/m = " : "M·N·K = ") + expect);
            }
        }
    }
}
