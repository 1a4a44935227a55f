package org.nxm.simulator.tensorcore;

import org.nxm.simulator.memory.Footprint;

import java.util.ArrayList;
import java.util.List;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.program.GemmInfo;
import org.nxm.compiler.program.OperandView;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.Region;
import org.nxm.compiler.program.TensorRegion;
import org.nxm.compiler.program.TileOp;
import org.nxm.compiler.program.VectorKind;
import org.nxm.model.io.InputException;
import org.nxm.model.sparsity.NmPattern;

/**
 * Translates the compiler's {@link Program} into what the tensor-core machine executes. One tile op
 * becomes one {@link TcOp}, except split-K reduces (a load per split, then a vector add) and standalone
 * vector ops (loads of their inputs, the vector work, a store of the output); every piece keeps the
 * tile op's id for the trace.
 */
public final class ProgramAdapter {
    private ProgramAdapter() {}

    /** Vector-unit operations per element, by kind ({@link VectorKind#opsPerElement}, shared with the cost model). */
    static int opsPerElement(VectorKind k) {
        return k.opsPerElement();
    }

    /** Refuses a program compiled for a different hardware shape (one line, exit 2 in the CLI). */
    public static void requireSameHardware(Program p, HardwareConfig hw, String source) {
        if (!p.hardwareDigest().equals(hw.digest())) {
            throw new InputException(source + ": program was compiled for hardware '" + p.hardwareName() + "' (digest "
                    + abbrev(p.hardwareDigest()) + "), not for '" + hw.name() + "' (digest " + abbrev(hw.digest())
                    + "); recompile it with --hw " + hw.name());
        }
    }

    private static String abbrev(String d) { return d.length() > 12 ? d.substring(0, 12) : d; }

    public static List<String> layerNames(Program p) {
        int max = -1;
        for (TileOp op : p.ops()) max = Math.max(max, op.layer());
        List<String> names = new ArrayList<>();
        for (int i = 0; i <= max; i++) names.add("layer" + i);
        return names;
    }

    public static TcProgram adapt(Program p) {
        TcProgram out = new TcProgram(layerNames(p));
        int n = p.ops().size();
        int[] last = new int[n];
        for (int id = 0; id < n; id++) {
            TileOp op = p.ops().get(id);
            int[] preds = p.graph().predecessors(id);
            int[] deps = new int[preds.length];
            for (int k = 0; k < preds.length; k++) {
                if (preds[k] >= id) throw new InputException("program: edge " + preds[k] + "->" + id + " is not in op order");
                deps[k] = last[preds[k]];
            }
            int core = op.core();
            int layer = op.layer();
            if (op instanceof TileOp.LoadActivations la) {
                GemmInfo g = p.gemm(la.gemm());
                OperandView v = la.operand().view(g);
                last[id] = out.add(new TcOp.Load(core, TcOp.Operand.ACTIVATIONS, la.bytes(), footprint(v, la.region(), 0), layer), deps, id);
            } else if (op instanceof TileOp.LoadWeightValues lw) {
                GemmInfo g = p.gemm(lw.gemm());
                TcOp.Operand kind = g.sparse() ? TcOp.Operand.VALUES : TcOp.Operand.DENSE_WEIGHTS;
                last[id] = out.add(new TcOp.Load(core, kind, lw.bytes(), footprint(g.a(), lw.region(), 0), layer), deps, id);
            } else if (op instanceof TileOp.LoadMetadata lm) {
                GemmInfo g = p.gemm(lm.gemm());
                last[id] = out.add(new TcOp.Load(core, TcOp.Operand.METADATA, lm.bytes(), footprint(g.a(), lm.region(), 1), layer), deps, id);
            } else if (op instanceof TileOp.Mma m) {
                NmPattern pat = m.sparse() && m.pattern() != null ? NmPattern.parse(m.pattern()) : null;
                // Compiler orientation: C[M×N] = A[M×K]·B[K×N] with A the weight: bm weight rows, bn tokens.
                last[id] = out.add(new TcOp.Mma(core, m.tile().bn(), m.tile().bm(), m.tile().bk(), pat, layer), deps, id);
            } else if (op instanceof TileOp.Reduce r) {
                GemmInfo g = p.gemm(r.gemm());
                int[] loads = new int[r.splits().size()];
                long perSplit = r.splits().isEmpty() ? 0 : r.bytes() / r.splits().size();
                for (int s = 0; s < loads.length; s++) {
                    int split = r.splits().get(s);
                    // Split s (1..splitK-1) was stored at rows (s-1)·M + tile rows (Scheduler, ReferenceInterpreter).
                    var f = new Footprint(r.partialTensor(), 0, (split - 1) * g.m() + r.tile().m0(), r.tile().bm(), r.tile().n0(), r.tile().bn());
                    loads[s] = out.add(new TcOp.Load(core, TcOp.Operand.ACTIVATIONS, perSplit, f, layer), deps, id);
                }
                last[id] = out.add(new TcOp.Vector(core, "reduce", (long) r.tile().bm() * r.tile().bn() * loads.length, 1, layer),
                        concat(deps, loads), id);
            } else if (op instanceof TileOp.VectorOp v) {
                last[id] = adaptVector(p, v, deps, out);
            } else if (op instanceof TileOp.Store s) {
                var f = footprint(s.target());
                last[id] = out.add(new TcOp.Store(core, s.bytes(), f, layer), deps, id);
            } else {
                throw new IllegalStateException("unknown tile op " + op.kind());
            }
        }
        return out.interleavedByCore();
    }

    private static int adaptVector(Program p, TileOp.VectorOp v, int[] deps, TcProgram out) {
        int core = v.core();
        int layer = v.layer();
        int id = v.id();
        int ops = opsPerElement(v.vectorKind());
        String what = v.vectorKind().name().toLowerCase(java.util.Locale.ROOT);
        if (v.gemm() >= 0) {
            // Fused epilogue on the accumulator: only its parameters (bias) come from memory.
            int[] d = deps;
            if (v.bytes() > 0 && !v.inputs().isEmpty()) {
                int ld = out.add(new TcOp.Load(core, TcOp.Operand.ACTIVATIONS, v.bytes(), footprint(v.inputs().get(0)), layer), deps, id);
                d = concat(deps, new int[] {ld});
            }
            return out.add(new TcOp.Vector(core, what, v.elements(), ops, layer), d, id);
        }
        int[] loads = new int[v.inputs().size()];
        long inBytes = 0;
        long[] bytesOf = new long[loads.length];
        for (int k = 0; k < loads.length; k++) {
            TensorRegion in = v.inputs().get(k);
            bytesOf[k] = in.region().elements() * p.tensor(in.tensor()).dtype().bytes();
            inBytes += bytesOf[k];
        }
        long outBytes = v.output() == null ? 0 : v.output().region().elements() * p.tensor(v.output().tensor()).dtype().bytes();
        // Scale to the op's declared traffic when it differs (the compiler's bytes are authoritative).
        double scale = inBytes + outBytes > 0 && v.bytes() > 0 ? (double) v.bytes() / (inBytes + outBytes) : 1.0;
        for (int k = 0; k < loads.length; k++) {
            long b = Math.round(bytesOf[k] * scale);
            loads[k] = out.add(new TcOp.Load(core, TcOp.Operand.ACTIVATIONS, b, footprint(v.inputs().get(k)), layer), deps, id);
        }
        int vec = out.add(new TcOp.Vector(core, what, v.elements(), ops, layer), concat(deps, loads), id);
        if (v.output() == null) return vec;
        return out.add(new TcOp.Store(core, Math.round(outBytes * scale), footprint(v.output()), layer), new int[] {vec}, id);
    }

    private static Footprint footprint(OperandView v, Region logical, int space) {
        Region r = v.storage(logical);
        return new Footprint(v.tensor(), space, r.row0(), r.rows(), r.col0(), r.cols());
    }

    private static Footprint footprint(TensorRegion t) {
        Region r = t.region();
        return new Footprint(t.tensor(), 0, r.row0(), r.rows(), r.col0(), r.cols());
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
