package org.nxm.compiler.validate;

import static org.nxm.compiler.validate.ValidationRule.at;
import static org.nxm.compiler.validate.ValidationRule.contains;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.program.BufferSlot;
import org.nxm.compiler.program.ByteRange;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.TileGraph;
import org.nxm.compiler.program.TileOp;
import org.nxm.model.io.InputException;

/**
 * Rule 4: buffer reuse (write after read). When an op writes bytes of a slot on its core, every op that
 * read those bytes since they were last written — or, when nothing read them, their last writer — is an
 * ancestor of the writer in the graph (a path of DATA or BUFFER_REUSE edges), so the write cannot land
 * while the bytes are still in use. Bytes are followed per range ({@link ByteRange#minus}): a slot that
 * overlaps only part of an earlier one leaves the rest of it, and its readers, live.
 *
 * <p>Unlike the other rules this one asks for ancestors, not direct predecessors: any order the graph
 * implies is enough. Compiled programs carry the direct edge, which is checked first.
 */
final class BufferReuseRule implements ValidationRule {
    /** Bytes last written by one op, and the ops that must finish before they are overwritten. */
    private record Written(ByteRange bytes, int writer, List<Integer> readers) {
        List<Integer> mustFinish() { return readers.isEmpty() ? List.of(writer) : readers; }
    }

    @Override
    public void check(Program p, HardwareConfig hw) {
        TileGraph g = p.graph();
        Ancestry ancestry = new Ancestry(g);
        List<List<Written>> cores = new ArrayList<>();
        for (int c = 0; c < hw.cores(); c++) cores.add(new ArrayList<>());
        for (TileOp op : p.ops()) {
            List<Written> core = cores.get(op.core());
            int writes = op.slot() >= 0 && !(op instanceof TileOp.Store) ? op.slot() : -1;
            if (writes >= 0) {
                BufferSlot slot = p.slot(writes);
                ByteRange r = slot.range();
                List<Written> next = new ArrayList<>(core.size() + 2);
                for (Written w : core) {
                    if (!w.bytes().overlaps(r)) {
                        next.add(w);
                        continue;
                    }
                    for (int before : w.mustFinish()) {
                        if (before != op.id() && !ancestry.isAncestor(before, op.id())) {
                            TileOp b = p.ops().get(before);
                            throw new InputException(at(op) + ": overwrites bytes [" + Math.max(r.start(), w.bytes().start()) + ", "
                                    + Math.min(r.end(), w.bytes().end()) + ") of " + r.level() + " (slot " + slot.id() + ", "
                                    + slot.purpose() + ") that op " + before + " (" + b.kind() + ", core " + b.core() + ") may still "
                                    + (w.readers().isEmpty() ? "be writing" : "read") + ": op " + before
                                    + " is not an ancestor (missing BUFFER_REUSE edge)");
                        }
                    }
                    for (ByteRange rest : w.bytes().minus(r)) next.add(new Written(rest, w.writer(), w.readers()));
                }
                next.add(new Written(r, op.id(), new ArrayList<>()));
                core.clear();
                core.addAll(next);
            }
            for (int s : op.readSlots()) {
                if (s == writes && !op.startsOccupancy()) continue; // an accumulation reads what it writes
                ByteRange r = p.slot(s).range();
                for (int i = 0; i < core.size(); i++) {
                    Written w = core.get(i);
                    if (!w.bytes().overlaps(r)) continue;
                    List<Integer> readers = new ArrayList<>(w.readers());
                    readers.add(op.id());
                    core.set(i, new Written(w.bytes(), w.writer(), readers));
                }
            }
        }
    }

    /** Whether one op reaches another along edges; a direct edge first, then a search bounded by op order. */
    static final class Ancestry {
        private final TileGraph g;
        private final int[] seen;
        private int stamp;

        Ancestry(TileGraph g) {
            this.g = g;
            this.seen = new int[g.size()];
        }

        /** Whether {@code a} is an ancestor of {@code b} (edges go forward, so only ops in (a, b) lie between). */
        boolean isAncestor(int a, int b) {
            if (a >= b) return false;
            if (contains(g.predecessors(b), a)) return true;
            stamp++;
            int[] stack = new int[16];
            int top = 0;
            stack[top++] = b;
            seen[b] = stamp;
            while (top > 0) {
                int x = stack[--top];
                for (int q : g.predecessors(x)) {
                    if (q == a) return true;
                    if (q < a || seen[q] == stamp) continue;
                    seen[q] = stamp;
                    if (top == stack.length) stack = Arrays.copyOf(stack, top * 2);
                    stack[top++] = q;
                }
            }
            return false;
        }
    }
}
