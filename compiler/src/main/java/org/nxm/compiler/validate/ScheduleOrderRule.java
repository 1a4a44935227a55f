package org.nxm.compiler.validate;

import static org.nxm.compiler.validate.ValidationRule.at;

import java.util.List;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.program.Edge;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.TensorRegion;
import org.nxm.compiler.program.TileOp;
import org.nxm.model.io.InputException;

/**
 * Rule 1: the graph is acyclic (by construction of the tile graph) and the op list is a topological
 * order (every edge goes forward); and every id an op names exists (its core on this hardware, its slot,
 * its GEMM, the tensors it reads and writes), so the later rules can index by them.
 */
final class ScheduleOrderRule implements ValidationRule {
    @Override
    public void check(Program p, HardwareConfig hw) {
        List<TileOp> ops = p.ops();
        for (Edge e : p.edges()) {
            if (e.from() >= e.to()) {
                throw new InputException("edge " + e.from() + "->" + e.to() + ": " + at(ops.get(e.to()))
                        + " would wait for a later op; ops must be listed in a topological (schedule) order");
            }
        }
        for (int i = 0; i < p.slots().size(); i++) {
            if (p.slot(i).id() != i) throw new InputException("slot at position " + i + " has id " + p.slot(i).id());
        }
        int cores = hw.cores();
        for (TileOp op : ops) {
            if (op.core() < 0 || op.core() >= cores) {
                throw new InputException(at(op) + ": core " + op.core() + " out of range 0.." + (cores - 1) + " of " + hw.name());
            }
            if (op.slot() >= p.slots().size()) throw new InputException(at(op) + ": slot " + op.slot() + " does not exist");
            for (int s : op.readSlots()) {
                if (s < 0 || s >= p.slots().size()) throw new InputException(at(op) + ": reads slot " + s + ", which does not exist");
            }
            int gemm = gemmOf(op);
            boolean optional = op instanceof TileOp.Store || op instanceof TileOp.VectorOp; // -1: not part of a GEMM
            if (gemm != Integer.MIN_VALUE && (gemm >= p.gemms().size() || (gemm < 0 && !optional))) {
                throw new InputException(at(op) + ": gemm " + gemm + " does not exist");
            }
            for (TensorRegion r : TensorAccess.reads(op, p)) tensorExists(p, r, op);
            TensorRegion w = TensorAccess.write(op, p);
            if (w != null) tensorExists(p, w, op);
        }
    }

    /** The GEMM an op belongs to, or MIN_VALUE for none. */
    private static int gemmOf(TileOp op) {
        if (op instanceof TileOp.Mma m) return m.gemm();
        if (op instanceof TileOp.LoadWeightValues l) return l.gemm();
        if (op instanceof TileOp.LoadMetadata l) return l.gemm();
        if (op instanceof TileOp.LoadActivations l) return l.gemm();
        if (op instanceof TileOp.Reduce r) return r.gemm();
        if (op instanceof TileOp.Store s) return s.gemm();
        if (op instanceof TileOp.VectorOp v) return v.gemm();
        return Integer.MIN_VALUE;
    }

    private static void tensorExists(Program p, TensorRegion t, TileOp op) {
        if (t.tensor() < 0 || t.tensor() >= p.tensors().size()) {
            throw new InputException(at(op) + ": tensor " + t.tensor() + " does not exist");
        }
    }
}
