package org.nxm.compiler.validate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.program.BufferSlot;
import org.nxm.compiler.program.GemmInfo;
import org.nxm.compiler.program.GemmOperand;
import org.nxm.compiler.program.MemoryLevel;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.Region;
import org.nxm.compiler.program.TensorInfo;
import org.nxm.compiler.program.TensorKind;
import org.nxm.compiler.program.TensorRegion;
import org.nxm.compiler.program.TileGraph;
import org.nxm.compiler.program.TileOp;
import org.nxm.model.io.InputException;
import org.nxm.model.sparsity.NmPattern;

/**
 * The always-on validation pass. Checks, in one sweep over the ops in schedule order:
 * <ol>
 *   <li>the graph is acyclic (by construction of {@link TileGraph}) and the op list is a topological
 *       order (every edge goes forward);</li>
 *   <li>every input is produced before use: a slot read has a live writer on the same core that is a
 *       direct predecessor; a tensor region read has every overlapping writer as a direct predecessor;</li>
 *   <li>buffers: every slot lies within its level's capacity, no op writes more than its slot holds,
 *       and a new occupancy of a slot waits (DATA or BUFFER_REUSE edge) for every reader of the
 *       overlapping slots' previous occupancy, so occupancy never exceeds capacity;</li>
 *   <li>MACs: every GEMM's MMA ops cover M·N·K exactly once and count M·N·K (dense) or M·N·K·n/m;</li>
 *   <li>bytes: every operand's loads move at least its compulsory bytes, every result is stored.</li>
 * </ol>
 * A violation throws {@link InputException} naming the op and layer: for a program read from a file it
 * is a bad file; right after compilation it is a compiler bug (the message says which rule broke).
 * Weight tiles are checked against the masked dense weights by {@code WeightTileCheck} when those are known.
 */
public final class ProgramValidator {
    private ProgramValidator() {}

    /** Validation figures (peak buffer occupancy) for stats. */
    public record Result(long peakSharedBytes, long peakRegisterBytes) {}

    private static String at(TileOp op) {
        return "op " + op.id() + " (" + op.kind() + ", layer " + op.layer() + ", core " + op.core() + ")";
    }

    public static Result validate(Program p, HardwareConfig hw) {
        TileGraph g = p.graph();
        List<TileOp> ops = g.ops();
        int cores = hw.cores();
        // 1. forward edges = the listing is a topological order.
        for (var e : g.edges()) {
            if (e.from() >= e.to()) {
                throw new InputException("edge " + e.from() + "->" + e.to() + ": " + at(ops.get(e.to()))
                        + " would wait for a later op; ops must be listed in a topological (schedule) order");
            }
        }
        // Slot table.
        List<BufferSlot> slots = p.slots();
        for (int i = 0; i < slots.size(); i++) {
            BufferSlot s = slots.get(i);
            if (s.id() != i) throw new InputException("slot at position " + i + " has id " + s.id());
            long cap = capacity(hw, s.level());
            if (s.offset() < 0 || s.bytes() < 0 || s.end() > cap) {
                throw new InputException("slot " + i + " (" + s.purpose() + "): bytes [" + s.offset() + ", " + s.end()
                        + ") exceed the " + s.level() + " capacity of " + cap + " bytes per core");
            }
        }
        // 2+3. per-core walk.
        @SuppressWarnings("unchecked")
        List<Occupancy>[] live = new List[cores];
        Map<Integer, Occupancy>[] bySlot = newMaps(cores);
        for (int c = 0; c < cores; c++) live[c] = new ArrayList<>();
        long[] sharedNow = new long[cores];
        long[] regNow = new long[cores];
        long peakShared = 0, peakReg = 0;
        TensorWriters writers = new TensorWriters(p.tensors().size());
        long[] macs = new long[p.gemms().size()];
        long[] covered = new long[p.gemms().size()];
        long[][] loaded = new long[p.gemms().size()][3]; // A values (or A act), metadata, B
        long[] stored = new long[p.gemms().size()];
        long[] weightBytes = new long[p.tensors().size()];
        long[] metaBytes = new long[p.tensors().size()];
        for (TileOp op : ops) {
            if (op.core() < 0 || op.core() >= cores) {
                throw new InputException(at(op) + ": core " + op.core() + " out of range 0.." + (cores - 1) + " of " + hw.name());
            }
            if (op.slot() >= slots.size()) throw new InputException(at(op) + ": slot " + op.slot() + " does not exist");
            int[] preds = g.predecessors(op.id());
            // Reads of slots must see a live occupancy whose writer precedes this op.
            for (int s : op.readSlots()) {
                if (s < 0 || s >= slots.size()) throw new InputException(at(op) + ": reads slot " + s + ", which does not exist");
                Occupancy occ = bySlot[op.core()].get(s);
                if (occ == null) {
                    throw new InputException(at(op) + ": reads slot " + s + " (" + slots.get(s).purpose()
                            + ") before anything was loaded into it on core " + op.core());
                }
                if (!contains(preds, occ.lastWriter)) {
                    throw new InputException(at(op) + ": reads slot " + s + " written by op " + occ.lastWriter
                            + " without depending on it (input not produced before use)");
                }
                occ.readers.add(op.id());
            }
            if (op.slot() >= 0 && !(op instanceof TileOp.Store)) {
                BufferSlot slot = slots.get(op.slot());
                long writes = writtenBytes(op, p);
                if (writes > slot.bytes()) {
                    throw new InputException(at(op) + ": writes " + writes + " bytes into slot " + slot.id() + " ("
                            + slot.purpose() + ") of " + slot.bytes() + " bytes");
                }
                if (op.startsOccupancy()) {
                    List<Occupancy> l = live[op.core()];
                    for (int i = l.size() - 1; i >= 0; i--) {
                        Occupancy o = l.get(i);
                        if (!o.slot.overlaps(slot)) continue;
                        List<Integer> mustWait = o.readers.isEmpty() ? List.of(o.lastWriter) : o.readers;
                        for (int r : mustWait) {
                            if (r != op.id() && !contains(preds, r)) {
                                throw new InputException(at(op) + ": overwrites slot " + slot.id() + " (" + slot.purpose()
                                        + ") while op " + r + " may still read overlapping slot " + o.slot.id()
                                        + " (missing BUFFER_REUSE edge)");
                            }
                        }
                        l.remove(i);
                        bySlot[op.core()].remove(o.slot.id());
                        if (o.slot.level() == MemoryLevel.SHARED) sharedNow[op.core()] -= o.slot.bytes();
                        else regNow[op.core()] -= o.slot.bytes();
                    }
                    Occupancy n = new Occupancy(slot, op.id());
                    l.add(n);
                    bySlot[op.core()].put(slot.id(), n);
                    if (slot.level() == MemoryLevel.SHARED) peakShared = Math.max(peakShared, sharedNow[op.core()] += slot.bytes());
                    else peakReg = Math.max(peakReg, regNow[op.core()] += slot.bytes());
                } else {
                    Occupancy occ = bySlot[op.core()].get(op.slot());
                    if (occ == null) {
                        throw new InputException(at(op) + ": accumulates into slot " + op.slot() + " that holds nothing on core " + op.core());
                    }
                    occ.lastWriter = op.id();
                    occ.readers.clear();
                }
            }
            // Tensor traffic.
            for (TensorRegion read : tensorReads(op, p)) writers.checkRead(op, read, preds);
            TensorRegion w = tensorWrite(op, p);
            if (w != null) writers.addWrite(op, w);
            // Accounting.
            if (op instanceof TileOp.Mma m) {
                GemmInfo gi = gemm(p, m.gemm(), op);
                long expect = m.tile().denseMacs();
                if (m.sparse()) {
                    NmPattern pat = NmPattern.parseOrDense(m.pattern());
                    if (m.tile().bk() % pat.m() != 0) {
                        throw new InputException(at(op) + ": sparse K-step of " + m.tile().bk() + " is not whole groups of " + pat.m());
                    }
                    expect = expect / pat.m() * pat.n();
                }
                if (m.macs() != expect) {
                    throw new InputException(at(op) + ": counts " + m.macs() + " MACs, tile " + m.tile() + " has " + expect);
                }
                macs[gi.id()] += m.macs();
                covered[gi.id()] += m.tile().denseMacs();
            } else if (op instanceof TileOp.LoadWeightValues l) {
                loaded[gemm(p, l.gemm(), op).id()][0] += l.bytes();
                weightBytes[l.tensor()] += l.bytes();
            } else if (op instanceof TileOp.LoadMetadata l) {
                loaded[gemm(p, l.gemm(), op).id()][1] += l.bytes();
                metaBytes[l.tensor()] += l.bytes();
            } else if (op instanceof TileOp.LoadActivations l) {
                loaded[gemm(p, l.gemm(), op).id()][l.operand() == GemmOperand.A ? 0 : 2] += l.bytes();
            } else if (op instanceof TileOp.Store st) {
                if (!st.partial() && st.gemm() >= 0) stored[gemm(p, st.gemm(), op).id()] += st.bytes();
            }
        }
        // 4+5. per GEMM totals.
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
            int elem = p.dtype().bytes();
            TensorInfo aT = p.tensor(gi.a().tensor());
            if (aT.kind() != TensorKind.WEIGHT) {
                long need = (long) gi.m() * gi.k() * elem;
                if (loaded[gi.id()][0] < need) throw new InputException(name + ": A loads move " + loaded[gi.id()][0] + " bytes < compulsory " + need);
            }
            long needB = (long) gi.k() * gi.n() * elem;
            if (loaded[gi.id()][2] < needB) throw new InputException(name + ": B loads move " + loaded[gi.id()][2] + " bytes < compulsory " + needB);
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
        return new Result(peakShared, peakReg);
    }

    private static GemmInfo gemm(Program p, int id, TileOp op) {
        if (id < 0 || id >= p.gemms().size()) throw new InputException(at(op) + ": gemm " + id + " does not exist");
        return p.gemm(id);
    }

    /**
     * Per-core capacity of a buffer level. A systolic array's IFMAP+FILTER SRAMs play the shared buffer,
     * its OFMAP SRAM the accumulator (register) buffer.
     */
    public static long capacity(HardwareConfig hw, MemoryLevel level) {
        return org.nxm.compiler.target.Target.of(hw).bufferCapacity(level);
    }

    /** Bytes an op puts into its slot: a load's bytes, an accumulator tile for MMA/reduce/fused vector. */
    private static long writtenBytes(TileOp op, Program p) {
        long acc = p.dtype().accumulatorBytes();
        if (op instanceof TileOp.Mma m) return (long) m.tile().bm() * m.tile().bn() * acc;
        if (op instanceof TileOp.Reduce r) return (long) r.tile().bm() * r.tile().bn() * acc;
        if (op instanceof TileOp.VectorOp v) return v.tile() == null ? 0 : (long) v.tile().bm() * v.tile().bn() * acc;
        if (op instanceof TileOp.Store) return 0;
        return op.bytes();
    }

    /** Tensor regions an op reads from memory (storage coordinates). */
    public static List<TensorRegion> tensorReads(TileOp op, Program p) {
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

    /** The tensor region an op writes to memory, or null. */
    public static TensorRegion tensorWrite(TileOp op, Program p) {
        if (op instanceof TileOp.Store s) return s.target();
        if (op instanceof TileOp.VectorOp v) return v.output();
        return null;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) if (x == v) return true;
        return false;
    }

    @SuppressWarnings("unchecked")
    private static Map<Integer, Occupancy>[] newMaps(int n) {
        Map<Integer, Occupancy>[] m = new Map[n];
        for (int i = 0; i < n; i++) m[i] = new HashMap<>();
        return m;
    }

    private static final class Occupancy {
        final BufferSlot slot;
        int lastWriter;
        final List<Integer> readers = new ArrayList<>();

        Occupancy(BufferSlot slot, int writer) {
            this.slot = slot;
            this.lastWriter = writer;
        }
    }

    /** Writers of each tensor, bucketed by row band, so checking a read is cheap. */
    private static final class TensorWriters {
        private final List<List<int[]>> byTensor; // {op, row0, rows, col0, cols}

        TensorWriters(int tensors) {
            byTensor = new ArrayList<>(tensors);
            for (int i = 0; i < tensors; i++) byTensor.add(new ArrayList<>());
        }

        void addWrite(TileOp op, TensorRegion w) {
            check(w, op);
            Region r = w.region();
            byTensor.get(w.tensor()).add(new int[] {op.id(), r.row0(), r.rows(), r.col0(), r.cols()});
        }

        void checkRead(TileOp op, TensorRegion read, int[] preds) {
            check(read, op);
            Region r = read.region();
            for (int[] w : byTensor.get(read.tensor())) {
                boolean overlap = w[1] < r.row0() + r.rows() && r.row0() < w[1] + w[2]
                        && w[3] < r.col0() + r.cols() && r.col0() < w[3] + w[4];
                if (overlap && !contains(preds, w[0])) {
                    throw new InputException(at(op) + ": reads tensor " + read.tensor() + " rows " + r.row0() + "+" + r.rows()
                            + " written by op " + w[0] + " without depending on it (input not produced before use)");
                }
            }
        }

        private void check(TensorRegion t, TileOp op) {
            if (t.tensor() < 0 || t.tensor() >= byTensor.size()) {
                throw new InputException(at(op) + ": tensor " + t.tensor() + " does not exist");
            }
        }
    }
}
