package org.nxm.compiler.program;

import java.util.List;
import org.nxm.model.io.InputException;

/**
 * Structural checks of a program file as read, before anything is built from it: no null where a value is
 * required, every index (tensor, gemm, slot, layer, op) in range, sizes within limits. ProgramValidator then checks
 * the schedule's meaning. Messages name the field ({@code ops[12].region}); ProgramJson adds the file.
 */
final class ProgramFileCheck {
    /** Limits far above any program the compiler writes (BERT-large: 24 layers, 30,522 x 1,024 embeddings). */
    static final int MAX_LAYERS = 4096;
    static final int MAX_DIM = 1 << 24;
    static final long MAX_ELEMENTS = 1L << 34;
    static final int MAX_BATCH = 1 << 16;

    private ProgramFileCheck() {}

    static void check(ProgramJson.ProgramFile f) {
        computeType("dtype", f.dtype());
        ModelShape m = f.model();
        range("model.layers", m.layers(), 1, MAX_LAYERS);
        range("model.hidden", m.hidden(), 1, MAX_DIM);
        range("model.heads", m.heads(), 1, m.hidden());
        range("model.ffn", m.ffn(), 1, MAX_DIM);
        range("model.batch", m.batch(), 1, MAX_BATCH);
        range("model.seq", m.seq(), 1, MAX_DIM);
        noNulls("layers", f.layers());
        noNulls("tensors", f.tensors());
        noNulls("gemms", f.gemms());
        noNulls("slots", f.slots());
        noNulls("ops", f.ops());
        noNulls("edges", f.edges());
        if (f.weights() != null) noNulls("weights", f.weights());
        int layers = f.layers().size(), tensors = f.tensors().size(), gemms = f.gemms().size(), slots = f.slots().size();
        if (layers > MAX_LAYERS) throw new InputException("field 'layers': " + layers + " entries, at most " + MAX_LAYERS);
        for (int i = 0; i < layers; i++)
            if (f.layers().get(i).layer() != i) throw new InputException("field 'layers[" + i + "].layer': expected " + i + ", got " + f.layers().get(i).layer());
        for (int i = 0; i < tensors; i++) {
            TensorInfo t = f.tensors().get(i);
            String at = "tensors[" + i + "]";
            if (t.id() != i) throw new InputException("field '" + at + ".id': expected " + i + ", got " + t.id());
            required(at + ".kind", t.kind());
            required(at + ".dtype", t.dtype());
            computeType(at + ".dtype", t.dtype());
            required(at + ".home", t.home());
            range(at + ".rows", t.rows(), 1, MAX_DIM);
            range(at + ".cols", t.cols(), 1, MAX_DIM);
            if (t.elements() > MAX_ELEMENTS) throw new InputException("field '" + at + "': " + t.elements() + " elements, at most " + MAX_ELEMENTS);
            if (t.bytes() < 0 || t.metadataBytes() < 0) throw new InputException("field '" + at + ".bytes': negative");
        }
        for (int i = 0; i < gemms; i++) {
            GemmInfo g = f.gemms().get(i);
            String at = "gemms[" + i + "]";
            if (g.id() != i) throw new InputException("field '" + at + ".id': expected " + i + ", got " + g.id());
            required(at + ".kind", g.kind());
            range(at + ".layer", g.layer(), -1, layers - 1);
            range(at + ".m", g.m(), 1, MAX_DIM);
            range(at + ".n", g.n(), 1, MAX_DIM);
            range(at + ".k", g.k(), 1, MAX_DIM);
            operand(at + ".a", g.a(), tensors);
            operand(at + ".b", g.b(), tensors);
            operand(at + ".c", g.c(), tensors);
            required(at + ".tile", g.tile());
        }
        for (int i = 0; i < slots; i++) {
            required("slots[" + i + "].level", f.slots().get(i).level());
        }
        for (int i = 0; i < f.ops().size(); i++) op("ops[" + i + "]", f.ops().get(i), layers, tensors, gemms, slots);
    }

    private static void op(String at, TileOp op, int layers, int tensors, int gemms, int slots) {
        range(at + ".layer", op.layer(), -1, layers - 1);
        range(at + ".slot", op.slot(), -1, slots - 1);
        if (op.bytes() < 0) throw new InputException("field '" + at + ".bytes': must be >= 0 (got " + op.bytes() + ")");
        required(at + ".source", op.source());
        required(at + ".destination", op.destination());
        if (op instanceof TileOp.LoadActivations o) {
            range(at + ".gemm", o.gemm(), 0, gemms - 1);
            region(at + ".region", o.region());
        } else if (op instanceof TileOp.LoadWeightValues o) {
            range(at + ".gemm", o.gemm(), 0, gemms - 1);
            range(at + ".tensor", o.tensor(), 0, tensors - 1);
            region(at + ".region", o.region());
        } else if (op instanceof TileOp.LoadMetadata o) {
            range(at + ".gemm", o.gemm(), 0, gemms - 1);
            range(at + ".tensor", o.tensor(), 0, tensors - 1);
            region(at + ".region", o.region());
        } else if (op instanceof TileOp.Mma o) {
            range(at + ".gemm", o.gemm(), 0, gemms - 1);
            required(at + ".tile", o.tile());
            computeType(at + ".dtype", o.dtype());
            for (int s : o.readSlots()) range(at + " read slot", s, 0, slots - 1);
            if (o.mmaCount() < 0 || o.macs() < 0) throw new InputException("field '" + at + ".macs': negative");
        } else if (op instanceof TileOp.Reduce o) {
            range(at + ".gemm", o.gemm(), 0, gemms - 1);
            required(at + ".tile", o.tile());
            range(at + ".partial_tensor", o.partialTensor(), 0, tensors - 1);
            noNulls(at + ".splits", o.splits());
        } else if (op instanceof TileOp.VectorOp o) {
            range(at + ".gemm", o.gemm(), -1, gemms - 1);
            required(at + ".vector_kind", o.vectorKind());
            if (o.elements() < 0) throw new InputException("field '" + at + ".elements': negative");
            noNulls(at + ".inputs", o.inputs());
            for (TensorRegion r : o.inputs()) tensorRegion(at + ".inputs", r, tensors);
            if (o.output() != null) tensorRegion(at + ".output", o.output(), tensors);
        } else if (op instanceof TileOp.Store o) {
            range(at + ".gemm", o.gemm(), -1, gemms - 1);
            required(at + ".tile", o.tile());
            required(at + ".target", o.target());
            tensorRegion(at + ".target", o.target(), tensors);
        }
    }

    private static void operand(String at, OperandView v, int tensors) {
        required(at, v);
        range(at + ".tensor", v.tensor(), 0, tensors - 1);
    }

    private static void tensorRegion(String at, TensorRegion r, int tensors) {
        required(at, r);
        range(at + ".tensor", r.tensor(), 0, tensors - 1);
        region(at + ".region", r.region());
    }

    private static void region(String at, Region r) {
        required(at, r);
        if (r.row0() < 0 || r.col0() < 0 || r.rows() < 0 || r.cols() < 0 || r.rows() > MAX_DIM || r.cols() > MAX_DIM)
            throw new InputException("field '" + at + "': " + r + " is not a region of a tensor");
    }

    private static void noNulls(String field, List<?> list) {
        if (list == null) throw new InputException("field '" + field + "': missing");
        for (int i = 0; i < list.size(); i++)
            if (list.get(i) == null) throw new InputException("field '" + field + "[" + i + "]': null");
    }

    private static void required(String field, Object v) {
        if (v == null) throw new InputException("field '" + field + "': missing");
    }

    /** Element types in a program are the types a target computes in (DType.COMPUTE); JSON reads any DType. */
    private static void computeType(String field, org.nxm.model.numeric.DType t) {
        if (t != null && !t.isCompute())
            throw new InputException("field '" + field + "': " + t.shortName() + " is not an element type a target computes in (expected fp16, bf16, int8 or fp32)");
    }

    private static void range(String field, long v, long min, long max) {
        if (v < min || v > max) throw new InputException("field '" + field + "': " + v + " is outside " + min + ".." + max);
    }
}
