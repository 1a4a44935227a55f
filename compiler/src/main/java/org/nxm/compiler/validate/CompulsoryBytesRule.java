package org.nxm.compiler.validate;

import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.program.GemmInfo;
import org.nxm.compiler.program.GemmOperand;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.TensorInfo;
import org.nxm.compiler.program.TensorKind;
import org.nxm.compiler.program.TileOp;
import org.nxm.model.io.InputException;

/**
 * Rule 6: bytes. Every GEMM's loads move at least its operands' compulsory bytes (A when it is an
 * activation, B always), its stores at least M·N results, and every weight tensor's value and metadata
 * loads at least the tensor's encoded bytes.
 */
final class CompulsoryBytesRule implements ValidationRule {
    @Override
    public void check(Program p, HardwareConfig hw) {
        long[] loadedA = new long[p.gemms().size()];
        long[] loadedB = new long[p.gemms().size()];
        long[] stored = new long[p.gemms().size()];
        long[] weightBytes = new long[p.tensors().size()];
        long[] metaBytes = new long[p.tensors().size()];
        for (TileOp op : p.ops()) {
            if (op instanceof TileOp.LoadWeightValues l) {
                weightBytes[l.tensor()] += l.bytes();
            } else if (op instanceof TileOp.LoadMetadata l) {
                metaBytes[l.tensor()] += l.bytes();
            } else if (op instanceof TileOp.LoadActivations l) {
                if (l.operand() == GemmOperand.A) loadedA[l.gemm()] += l.bytes();
                else loadedB[l.gemm()] += l.bytes();
            } else if (op instanceof TileOp.Store st) {
                if (!st.partial() && st.gemm() >= 0) stored[st.gemm()] += st.bytes();
            }
        }
        int elem = p.dtype().bytes();
        for (GemmInfo gi : p.gemms()) {
            String name = "gemm " + gi.id() + " (" + gi.name() + ", layer " + gi.layer() + ")";
            if (p.tensor(gi.a().tensor()).kind() != TensorKind.WEIGHT) {
                long need = (long) gi.m() * gi.k() * elem;
                if (loadedA[gi.id()] < need) throw new InputException(name + ": A loads move " + loadedA[gi.id()] + " bytes < compulsory " + need);
            }
            long needB = (long) gi.k() * gi.n() * elem;
            if (loadedB[gi.id()] < needB) throw new InputException(name + ": B loads move " + loadedB[gi.id()] + " bytes < compulsory " + needB);
            long needC = (long) gi.m() * gi.n() * elem;
            if (stored[gi.id()] < needC) throw new InputException(name + ": stores move " + stored[gi.id()] + " bytes < compulsory " + needC);
        }
        for (TensorInfo t : p.tensors()) {
            if (t.kind() != TensorKind.WEIGHT) continue;
            if (weightBytes[t.id()] < t.bytes()) {
                throw new InputException("tensor " + t.id() + " (" + t.name() + "): value loads move " + weightBytes[t.id()]
                        + " bytes < compulsory " + t.bytes());
            }
            if (metaBytes[t.id()] < t.metadataBytes()) {
                throw new InputException("tensor " + t.id() + " (" + t.name() + "): metadata loads move " + metaBytes[t.id()]
                        + " bytes < compulsory " + t.metadataBytes());
            }
        }
    }
}
