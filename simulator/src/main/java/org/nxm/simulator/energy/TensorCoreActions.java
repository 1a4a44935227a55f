package org.nxm.simulator.energy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.simulator.engine.OpGraph;
import org.nxm.simulator.tensorcore.TcOp;
import org.nxm.simulator.tensorcore.TcProgram;
import org.nxm.simulator.tensorcore.TensorCoreMachine;
import org.nxm.simulator.tensorcore.TensorCoreParams;
import org.nxm.traces.EventKind;

/**
 * Counts the actions of a mapped tensor-core program from the same per-op figures the timing and the
 * trace use (bytes on each resource, MACs, MMA instructions), so energy and timing never disagree on
 * what happened.
 *
 * <p>Shared-buffer direction: a load fills it (write), a store drains it (read), an MMA fetches its
 * operands and metadata (read), a vector op reads and writes its operand in equal halves. Register
 * traffic is per MMA instruction: its A and B operands (the kept values and their metadata for a
 * sparse one), and its float32/int32 accumulators read and written.
 */
public final class TensorCoreActions {
    private TensorCoreActions() {}

    /** Accumulators are 32-bit on every supported element type. */
    static final int ACCUMULATOR_BYTES = 4;

    public static RunActions count(TensorCoreMachine machine, TensorCoreMachine.Mapped m) {
        TcProgram p = m.program();
        OpGraph g = m.graph();
        int layers = p.layerNames().size();
        Tally[] perLayer = new Tally[layers + 1];   // last = unassigned
        for (int l = 0; l <= layers; l++) perLayer[l] = new Tally();
        for (int i = 0; i < g.opCount(); i++) {
            TcOp op = p.op(i);
            int layer = op.layer() >= 0 && op.layer() < layers ? op.layer() : layers;
            Tally t = perLayer[layer];
            boolean weight = op instanceof TcOp.Load ld && ld.operand() != TcOp.Operand.ACTIVATIONS;
            for (int k = 0; k < g.useCount(i); k++) {
                int r = g.useResource(i, k);
                long bytes = m.bytesOnResource()[i][k];
                if (r == machine.dramResource()) {
                    t.dram += bytes;
                    if (weight) t.weightDram += bytes;
                } else if (r == machine.l2Resource()) {
                    t.l2 += bytes;
                    if (weight) t.weightL2 += bytes;
                } else if (r % TensorCoreMachine.PER_CORE == TensorCoreMachine.SMEM) {
                    if (op instanceof TcOp.Load) {
                        t.sharedWrite += bytes;
                        if (weight) t.weightShared += bytes;
                    } else if (op instanceof TcOp.Vector) {
                        t.sharedRead += bytes / 2;
                        t.sharedWrite += bytes - bytes / 2;
                    } else {
                        t.sharedRead += bytes;
                    }
                }
            }
            if (op instanceof TcOp.Mma mma) {
                boolean sparse = m.kind()[i] == EventKind.MMA_SPARSE;
                if (sparse) t.sparseMacs += m.usefulMacs()[i];
                else t.denseMacs += m.denseEquivalentMacs()[i];
                t.register += m.issuedMmaInstructions()[i] * registerBytesPerInstruction(machine.params(), sparse ? mma.pattern() : null);
            }
        }
        Map<String, ActionCounts> byLayer = new LinkedHashMap<>();
        ActionCounts total = ActionCounts.ZERO;
        for (int l = 0; l <= layers; l++) {
            if (perLayer[l].isEmpty()) continue;
            ActionCounts c = perLayer[l].counts();
            byLayer.put(l < layers ? p.layerNames().get(l) : RunActions.UNASSIGNED, c);
            total = total.plus(c);
        }
        return new RunActions(total, byLayer);
    }

    /** Register bytes one MMA instruction moves: A (kept values + metadata when sparse), B, accumulators in and out. */
    static long registerBytesPerInstruction(TensorCoreParams hw, NmPattern sparse) {
        long e = hw.elementBytes();
        long acc = 2L * hw.mmaM() * hw.mmaN() * ACCUMULATOR_BYTES;
        if (sparse == null) return (long) hw.mmaM() * hw.mmaK() * e + (long) hw.mmaK() * hw.mmaN() * e + acc;
        long kSpan = (long) hw.mmaK() * sparse.m() / sparse.n();
        long meta = ((long) hw.mmaM() * hw.mmaK() * sparse.indexBits() + 7) / 8;
        return (long) hw.mmaM() * hw.mmaK() * e + meta + kSpan * hw.mmaN() * e + acc;
    }

    private static final class Tally {
        long denseMacs, sparseMacs, register, sharedRead, sharedWrite, l2, dram, weightShared, weightL2, weightDram;

        boolean isEmpty() {
            return denseMacs == 0 && sparseMacs == 0 && register == 0 && sharedRead == 0 && sharedWrite == 0 && l2 == 0 && dram == 0;
        }

        ActionCounts counts() {
            return new ActionCounts(denseMacs, sparseMacs, register, sharedRead, sharedWrite, l2, dram, weightShared, weightL2, weightDram);
        }
    }
}
