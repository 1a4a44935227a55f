package org.nxm.compiler.validate;

import static org.nxm.compiler.validate.ValidationRule.at;
import static org.nxm.compiler.validate.ValidationRule.contains;

import java.util.ArrayList;
import java.util.List;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.program.BufferSlot;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.Region;
import org.nxm.compiler.program.TensorRegion;
import org.nxm.compiler.program.TileOp;
import org.nxm.model.io.InputException;

/**
 * Rule 2: every input is produced before use. A slot read has a live occupancy on the same core whose
 * last writer is a direct predecessor; an accumulation continues an occupancy that exists; a tensor
 * region read has every earlier op that wrote an overlapping region ({@link Region#overlaps}) as a direct
 * predecessor.
 */
final class InputsProducedRule implements ValidationRule {
    @Override
    public void check(Program p, HardwareConfig hw) {
        SlotOccupancy.replay(p, hw.cores(), new SlotOccupancy.Listener() {
            @Override
            public void read(TileOp op, int s, SlotOccupancy.Occupancy live) {
                if (live == null) {
                    throw new InputException(at(op) + ": reads slot " + s + " (" + p.slot(s).purpose()
                            + ") before anything was loaded into it on core " + op.core());
                }
                if (!contains(p.graph().predecessors(op.id()), live.lastWriter)) {
                    throw new InputException(at(op) + ": reads slot " + s + " written by op " + live.lastWriter
                            + " without depending on it (input not produced before use)");
                }
            }

            @Override
            public void accumulate(TileOp op, BufferSlot slot, SlotOccupancy.Occupancy live) {
                if (live == null) {
                    throw new InputException(at(op) + ": accumulates into slot " + op.slot() + " that holds nothing on core " + op.core());
                }
            }
        });
        // Tensor traffic: writers of each tensor so far, {op, row0, rows, col0, cols} kept as records.
        List<List<Written>> writers = new ArrayList<>();
        for (int i = 0; i < p.tensors().size(); i++) writers.add(new ArrayList<>());
        for (TileOp op : p.ops()) {
            int[] preds = p.graph().predecessors(op.id());
            for (TensorRegion read : TensorAccess.reads(op, p)) {
                Region r = read.region();
                for (Written w : writers.get(read.tensor())) {
                    if (w.region.overlaps(r) && !contains(preds, w.op)) {
                        throw new InputException(at(op) + ": reads tensor " + read.tensor() + " rows " + r.row0() + "+" + r.rows()
                                + " written by op " + w.op + " without depending on it (input not produced before use)");
                    }
                }
            }
            TensorRegion w = TensorAccess.write(op, p);
            if (w != null) writers.get(w.tensor()).add(new Written(op.id(), w.region()));
        }
    }

    private record Written(int op, Region region) {}
}
