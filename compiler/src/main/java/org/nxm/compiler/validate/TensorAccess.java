package org.nxm.compiler.validate;

import java.util.ArrayList;
import java.util.List;
import org.nxm.compiler.program.GemmInfo;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.Region;
import org.nxm.compiler.program.TensorRegion;
import org.nxm.compiler.program.TileOp;

/** Which tensor regions an op reads from and writes to memory (storage coordinates). */
final class TensorAccess {
    private TensorAccess() {}

    static List<TensorRegion> reads(TileOp op, Program p) {
        if (op instanceof TileOp.LoadActivations l) {
            GemmInfo g = p.gemm(l.gemm());
            var view = l.operand().view(g);
            return List.of(new TensorRegion(view.tensor(), view.storage(l.region())));
        }
        if (op instanceof TileOp.Reduce r) {
            GemmInfo g = p.gemm(r.gemm());
            List<TensorRegion> out = new ArrayList<>();
            Region c = r.tile().c();
            for (int s : r.splits()) {
                out.add(new TensorRegion(r.partialTensor(), new Region((s - 1) * g.m() + c.row0(), c.rows(), c.col0(), c.cols())));
            }
            return out;
        }
        if (op instanceof TileOp.VectorOp v) return v.inputs();
        return List.of();
    }

    /** The region an op writes to memory, or null. */
    static TensorRegion write(TileOp op, Program p) {
        if (op instanceof TileOp.Store s) return s.target();
        if (op instanceof TileOp.VectorOp v) return v.output();
        return null;
    }
}
