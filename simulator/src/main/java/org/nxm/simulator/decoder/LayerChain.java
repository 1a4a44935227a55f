package org.nxm.simulator.decoder;

import java.util.ArrayList;
import java.util.List;
import org.nxm.simulator.tensorcore.TcOp;
import org.nxm.simulator.tensorcore.TcProgram;

/**
 * Chains separately compiled pieces of a model (decoder blocks, then the head) into one program for the
 * tensor-core machine, the way a GPU runs them: one after the other, each piece starting when the
 * previous one has finished (a kernel boundary: a one-cycle barrier op on core 0 that waits for every
 * op of the piece and that every first op of the next piece waits for). The L2 is shared along the
 * chain: tensor ids are made distinct per piece (block 3's weights are not block 2's), except that a
 * piece's input is the previous piece's output, so its lines can hit where the previous piece left them.
 *
 * <p>Piece i's ops carry layer index i, so the report's per-layer spans are the pieces' spans.
 */
final class LayerChain {
    private LayerChain() {}

    /**
     * One piece.
     *
     * @param program      its ops (as {@link org.nxm.simulator.tensorcore.ProgramAdapter} made them)
     * @param tensorCount  tensor ids it uses are below this
     * @param inputTensor  its input tensor, chained to the previous piece's output, or -1 (not chained)
     * @param outputTensor its output tensor, or -1
     */
    record Piece(TcProgram program, int tensorCount, int inputTensor, int outputTensor) {}

    static TcProgram chain(List<Piece> pieces, List<String> names) {
        if (pieces.size() != names.size()) throw new IllegalArgumentException("one name per piece");
        TcProgram out = new TcProgram(names);
        int offset = 0;
        int previousOutput = -1;
        int barrier = -1;
        for (int pi = 0; pi < pieces.size(); pi++) {
            Piece piece = pieces.get(pi);
            TcProgram p = piece.program();
            int n = p.size();
            int[] newId = new int[n];
            boolean[] hasSuccessor = new boolean[n];
            final int base = offset;
            final int chainedFrom = previousOutput;
            java.util.function.IntUnaryOperator tensor = t -> t == piece.inputTensor() && chainedFrom >= 0 ? chainedFrom : base + t;
            for (int i = 0; i < n; i++) {
                int[] d = p.deps(i);
                int[] nd;
                if (d.length == 0 && barrier >= 0) {
                    nd = new int[] {barrier};
                } else {
                    nd = new int[d.length];
                    for (int k = 0; k < d.length; k++) {
                        nd[k] = newId[d[k]];
                        hasSuccessor[d[k]] = true;
                    }
                }
                newId[i] = out.add(relabel(p.op(i), pi, tensor), nd, p.sourceId(i));
            }
            List<Integer> sinks = new ArrayList<>();
            for (int i = 0; i < n; i++) if (!hasSuccessor[i]) sinks.add(newId[i]);
            if (pi < pieces.size() - 1) {
                barrier = out.add(new TcOp.Vector(0, "barrier", 0, 1, pi), sinks.stream().mapToInt(Integer::intValue).toArray(), -1);
            }
            previousOutput = piece.outputTensor() >= 0 ? base + piece.outputTensor() : -1;
            offset += piece.tensorCount();
        }
        return out;
    }

    private static TcOp relabel(TcOp op, int layer, java.util.function.IntUnaryOperator tensor) {
        if (op instanceof TcOp.Load l) return new TcOp.Load(l.core(), l.operand(), l.bytes(), move(l.where(), tensor), layer);
        if (op instanceof TcOp.Store s) return new TcOp.Store(s.core(), s.bytes(), move(s.where(), tensor), layer);
        if (op instanceof TcOp.Mma m) return new TcOp.Mma(m.core(), m.rows(), m.cols(), m.depth(), m.pattern(), layer);
        if (op instanceof TcOp.Vector v) return new TcOp.Vector(v.core(), v.what(), v.elements(), v.opsPerElement(), layer);
        throw new IllegalArgumentException("unknown op " + op);
    }

    private static org.nxm.simulator.memory.Footprint move(org.nxm.simulator.memory.Footprint f, java.util.function.IntUnaryOperator tensor) {
        if (f == null) return null;
        return new org.nxm.simulator.memory.Footprint(tensor.applyAsInt(f.tensor()), f.space(), f.row0(), f.rows(), f.col0(), f.cols());
    }
}
