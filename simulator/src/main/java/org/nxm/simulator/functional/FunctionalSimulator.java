package org.nxm.simulator.functional;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nxm.compiler.weighttile.WeightFormat;
import org.nxm.compiler.encoding.CompressedMatrix;
import org.nxm.compiler.encoding.Encoding;
import org.nxm.compiler.encoding.Layout;
import org.nxm.model.numeric.DType;
import org.nxm.compiler.program.EncodedWeight;
import org.nxm.compiler.program.GemmInfo;
import org.nxm.compiler.program.OperandView;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.Region;
import org.nxm.compiler.program.TensorInfo;
import org.nxm.compiler.program.TensorKind;
import org.nxm.compiler.program.TensorRegion;
import org.nxm.compiler.program.TileOp;
import org.nxm.compiler.validate.WeightTileCheck;
import org.nxm.model.io.InputException;
import org.nxm.model.transformer.Gelu;

/**
 * Functional simulation of a compiled {@link Program}: executes its tile ops, each after the ops it
 * depends on (on all host cores), and computes real values. Weight tiles come from the program's own
 * encoded bytes — the values and metadata blobs its load ops point at, the bytes the validator checks —
 * so a sparse MMA multiplies the kept values with the activation rows its metadata selects. Accumulation
 * is float32 (see {@link SparseMma} for the order); the vector unit's ops run in float32 with the model
 * module's GELU. Activations are kept in float32 in memory (not rounded to the program's element type):
 * the check is of the program's tiles, metadata, tiling and op order against the reference forward on the
 * same (element-type-rounded) weights.
 *
 * <p>Each weight tile is decoded from its bytes once, when the simulator is built (as a device reads a
 * model's weights once); {@link #run} then executes the whole op graph per input. int8 programs are
 * refused: the program format carries no quantisation scales for the activations.
 */
public final class FunctionalSimulator {
    /** A weight tile's values as loaded into a slot: row-major [rows × stride] (stride = kept, or k when dense). */
    private record WeightValues(float[] data, int stride) {}

    /** One operand tile read: the view and the region in its logical coordinates. */
    private record OperandRead(OperandView view, Region region) {}

    /** A sparse weight tile's decoded metadata: for each kept value its column in the tile. */
    private record WeightColumns(int[] cols, int kept) {}

    private final Program p;
    private final int input;
    private final int output;
    /** Per op id: the decoded tile a weight load brings in (null for other ops). */
    private final Object[] loaded;
    private final int threads;

    public FunctionalSimulator(Program p) {
        this(p, Runtime.getRuntime().availableProcessors());
    }

    /** @param threads host threads that execute ops (1: one op at a time, still in dependency order) */
    public FunctionalSimulator(Program p, int threads) {
        if (!p.hasWeights()) {
            throw new InputException("program has no weights: compile it with weights (nxm compile --weights ...) to run it functionally");
        }
        if (p.dtype() == DType.I8) {
            throw new InputException("functional simulation of an int8 program needs activation quantisation scales, which programs do not carry");
        }
        this.p = p;
        this.threads = threads;
        this.input = only(p, TensorKind.INPUT);
        this.output = only(p, TensorKind.OUTPUT);
        this.loaded = decodeWeightTiles(p);
    }

    private static int only(Program p, TensorKind kind) {
        List<TensorInfo> ts = p.tensors().stream().filter(t -> t.kind() == kind).toList();
        if (ts.size() != 1) throw new InputException("program has " + ts.size() + " " + kind + " tensors, expected 1");
        return ts.get(0).id();
    }

    public Program program() { return p; }

    /** The INPUT tensor's shape: [rows, cols]. */
    public TensorInfo inputTensor() { return p.tensor(input); }

    /** Runs the program on its INPUT tensor's values (row-major) and returns the OUTPUT tensor's. */
    public float[] run(float[] in) {
        return runAll(in)[output];
    }

    /** Runs the program; returns every tensor's final contents by id (weights: null). */
    public float[][] runAll(float[] in) {
        State s = new State(in);
        DagRunner.run(p.graph(), threads, id -> s.execute(p.ops().get(id)));
        return s.memory;
    }

    /** Runs ops one at a time in {@code order} (for step-by-step comparisons), calling {@code after} after each. */
    public float[][] runInOrder(float[] in, List<Integer> order, java.util.function.ObjIntConsumer<float[][]> after) {
        State s = new State(in);
        for (int id : order) {
            s.execute(p.ops().get(id));
            after.accept(s.memory, id);
        }
        return s.memory;
    }

    /**
     * One op at a time (for comparisons op by op, {@code --check-ops}): the caller runs ops in a
     * topological order (the listing order is one) and reads each op's result, laid out as the compiler's
     * {@code ReferenceInterpreter.Stepper} lays it out: an operand tile for a load (a weight tile as its
     * bm×bk dense values, decoded from the program's bytes; null for the values half of a sparse tile,
     * whose result is the tile its metadata load completes), the accumulator tile for an MMA, reduce,
     * fused vector op or store, the written rows for a standalone vector op.
     */
    public final class Stepper {
        private final State s;
        private final Map<String, WeightValues> valuesOfTile = new HashMap<>();

        private Stepper(float[] in) { this.s = new State(in); }

        public float[] step(int id) {
            TileOp op = p.ops().get(id);
            s.execute(op);
            if (op instanceof TileOp.LoadActivations l) return ((float[]) s.slots[l.core()][l.slot()]).clone();
            if (op instanceof TileOp.LoadWeightValues l) {
                WeightValues v = (WeightValues) loaded[id];
                valuesOfTile.put(l.tensor() + ":" + l.region(), v);
                return WeightTileCheck.format(p).sparse() ? null : dense(v, null, l.region());
            }
            if (op instanceof TileOp.LoadMetadata l) return dense(valuesOfTile.get(l.tensor() + ":" + l.region()), (WeightColumns) loaded[id], l.region());
            if (op instanceof TileOp.VectorOp v && v.gemm() < 0) {
                Region r = v.output().region();
                float[] t = s.memory[v.output().tensor()];
                int cols = p.tensor(v.output().tensor()).cols();
                float[] out = new float[r.rows() * r.cols()];
                for (int i = 0; i < r.rows(); i++) System.arraycopy(t, (r.row0() + i) * cols + r.col0(), out, i * r.cols(), r.cols());
                return out;
            }
            return ((float[]) s.slots[op.core()][op.slot()]).clone();
        }

        /** A weight tile's rows × cols values as the MMA sees them: kept values placed at their decoded columns. */
        private float[] dense(WeightValues v, WeightColumns c, Region r) {
            int rows = r.rows(), bk = r.cols();
            float[] out = new float[rows * bk];
            for (int i = 0; i < rows; i++) {
                if (c == null) {
                    System.arraycopy(v.data(), i * v.stride(), out, i * bk, bk);
                } else {
                    for (int j = 0; j < c.kept(); j++) out[i * bk + c.cols()[i * c.kept() + j]] += v.data()[i * v.stride() + j];
                }
            }
            return out;
        }
    }

    /** A stepper over a fresh run on {@code in} (the INPUT tensor's values). */
    public Stepper stepper(float[] in) {
        return new Stepper(in);
    }

    // ---- weight tiles, decoded once from the program's bytes ----

    private static Object[] decodeWeightTiles(Program p) {
        WeightFormat fmt = WeightTileCheck.format(p);
        DType dtype = p.dtype();
        Encoding enc = fmt.sparse() ? Encoding.of(WeightFormat.CUTLASS.equals(fmt.layout()) ? Layout.CUTLASS : Layout.NM, fmt.pattern(), dtype) : null;
        Object[] out = new Object[p.ops().size()];
        Map<String, Object> known = new HashMap<>();
        for (TileOp op : p.ops()) {
            if (op instanceof TileOp.LoadWeightValues l) {
                out[op.id()] = known.computeIfAbsent("v" + l.tensor() + ":" + l.blobOffset() + ":" + l.region(), k -> values(p, fmt, dtype, l));
            } else if (op instanceof TileOp.LoadMetadata l) {
                out[op.id()] = known.computeIfAbsent("m" + l.tensor() + ":" + l.blobOffset() + ":" + l.region(), k -> columns(p, fmt, dtype, enc, l));
            }
        }
        return out;
    }

    private static String where(Program p, TileOp op, int tensor) {
        return "op " + op.id() + " (" + op.kind() + ", layer " + op.layer() + ", tensor " + p.tensor(tensor).name() + ")";
    }

    private static byte[] slice(Program p, TileOp op, int tensor, byte[] blob, long offset, long length, String what) {
        if (offset < 0 || offset + length > blob.length) {
            throw new InputException(where(p, op, tensor) + ": " + what + " bytes [" + offset + ", " + (offset + length)
                    + ") outside the blob of " + blob.length + " bytes");
        }
        return Arrays.copyOfRange(blob, (int) offset, (int) (offset + length));
    }

    private static WeightValues values(Program p, WeightFormat fmt, DType dtype, TileOp.LoadWeightValues l) {
        EncodedWeight w = p.weights().get(l.tensor());
        if (w == null) throw new InputException(where(p, l, l.tensor()) + ": the program carries no weight bytes for this tensor");
        int rows = WeightFormat.pad(l.region().rows(), fmt.rowAlign());
        int k = WeightFormat.pad(l.region().cols(), fmt.kAlign());
        ByteBuffer b = ByteBuffer.wrap(slice(p, l, l.tensor(), w.values(), l.blobOffset(), fmt.valueBytes(rows, k), "values"))
                .order(ByteOrder.LITTLE_ENDIAN);
        int stride = fmt.sparse() ? k / fmt.pattern().m() * fmt.pattern().n() : k;
        float[] v = new float[rows * stride];
        for (int i = 0; i < v.length; i++) v[i] = dtype.readFloat(b, i);
        return new WeightValues(v, stride);
    }

    private static WeightColumns columns(Program p, WeightFormat fmt, DType dtype, Encoding enc, TileOp.LoadMetadata l) {
        EncodedWeight w = p.weights().get(l.tensor());
        if (w == null || enc == null) throw new InputException(where(p, l, l.tensor()) + ": metadata load without sparse weight bytes");
        int rows = WeightFormat.pad(l.region().rows(), fmt.rowAlign());
        int k = WeightFormat.pad(l.region().cols(), fmt.kAlign());
        byte[] meta = slice(p, l, l.tensor(), w.metadata(), l.blobOffset(), fmt.metadataBytes(rows, k), "metadata");
        // The metadata decode reads only the metadata; the values buffer is there for the record's shape check.
        CompressedMatrix c = new CompressedMatrix(enc.layout(), fmt.pattern(), dtype, rows, k,
                ByteBuffer.allocate((int) fmt.valueBytes(rows, k)), enc.metaDtype(), enc.metaCols(k), ByteBuffer.wrap(meta));
        byte[] index;
        try {
            index = CompressedWeights.positions(c);
        } catch (InputException e) {
            throw new InputException(where(p, l, l.tensor()) + ", tile at row " + l.region().row0() + ", column "
                    + l.region().col0() + ": " + e.getMessage());
        }
        int[] cols = SparseMma.columns(index, rows, k, fmt.pattern());
        // Columns in the K padding of an edge tile hold zeros (the encoder pads with zeros): point them at row 0.
        int bk = l.region().cols();
        for (int i = 0; i < cols.length; i++) if (cols[i] >= bk) cols[i] = 0;
        return new WeightColumns(cols, k / fmt.pattern().m() * fmt.pattern().n());
    }

    // ---- one execution ----

    private final class State {
        final float[][] memory = new float[p.tensors().size()][];
        final Object[][] slots;
        /**
         * Operand tiles already read in this run, by tensor view and region. Every core whose tile needs
         * the same activations loads the same values (a tensor region is complete before anything reads
         * it: the program's DATA edges), and MMAs only read operand tiles, so one host copy serves them all.
         */
        final java.util.concurrent.ConcurrentHashMap<OperandRead, float[]> operandTiles = new java.util.concurrent.ConcurrentHashMap<>();

        State(float[] in) {
            TensorInfo it = p.tensor(input);
            if (in.length != it.elements()) {
                throw new InputException("input tensor " + it.name() + ": expected " + it.rows() + "x" + it.cols() + " = "
                        + it.elements() + " values, got " + in.length);
            }
            int cores = 1;
            for (TileOp op : p.ops()) cores = Math.max(cores, op.core() + 1);
            slots = new Object[cores][p.slots().size()];
            for (TensorInfo t : p.tensors()) {
                switch (t.kind()) {
                    case INPUT -> memory[t.id()] = in.clone();
                    case PARAMETER -> {
                        float[] v = p.parameters().get(t.id());
                        memory[t.id()] = v == null ? null : v.clone();
                    }
                    case WEIGHT -> { }
                    default -> memory[t.id()] = new float[Math.toIntExact(t.elements())];
                }
            }
        }

        float[] tensor(int id, TileOp op) {
            float[] t = memory[id];
            if (t == null) throw new InputException("op " + op.id() + " (" + op.kind() + ", layer " + op.layer() + ") reads tensor "
                    + p.tensor(id).name() + ", which the program does not carry");
            return t;
        }

        void execute(TileOp op) {
            if (op instanceof TileOp.LoadActivations l) {
                GemmInfo g = p.gemm(l.gemm());
                OperandView v = l.operand().view(g);
                slots[l.core()][l.slot()] = operandTiles.computeIfAbsent(new OperandRead(v, l.region()), k -> readView(v, l.region(), l));
            } else if (op instanceof TileOp.LoadWeightValues || op instanceof TileOp.LoadMetadata) {
                slots[op.core()][op.slot()] = loaded[op.id()];
            } else if (op instanceof TileOp.Mma m) {
                mma(m);
            } else if (op instanceof TileOp.Reduce r) {
                reduce(r);
            } else if (op instanceof TileOp.VectorOp v) {
                if (v.gemm() >= 0) fused(v);
                else standalone(v);
            } else if (op instanceof TileOp.Store s) {
                store(s);
            }
        }

        /** A logical operand region as a row-major tile [rows × cols]. */
        private float[] readView(OperandView v, Region r, TileOp op) {
            float[] t = tensor(v.tensor(), op);
            int cols = p.tensor(v.tensor()).cols();
            int rr = r.rows(), rc = r.cols();
            float[] out = new float[rr * rc];
            if (!v.transposed()) {
                for (int i = 0; i < rr; i++) System.arraycopy(t, (v.row0() + r.row0() + i) * cols + v.col0() + r.col0(), out, i * rc, rc);
            } else {
                // Logical (i, j) is storage (row0 + j, col0 + i): read storage rows, write columns.
                for (int j = 0; j < rc; j++) {
                    int src = (v.row0() + r.col0() + j) * cols + v.col0() + r.row0();
                    for (int i = 0; i < rr; i++) out[i * rc + j] = t[src + i];
                }
            }
            return out;
        }

        private void mma(TileOp.Mma m) {
            var t = m.tile();
            Object[] core = slots[m.core()];
            float[] acc;
            if (m.accumulate()) {
                acc = (float[]) core[m.slot()];
            } else {
                acc = new float[t.bm() * t.bn()];
                core[m.slot()] = acc;
            }
            float[] b = (float[]) core[m.bSlot()];
            Object a = core[m.aSlot()];
            if (a instanceof WeightValues w) {
                if (m.metaSlot() >= 0) {
                    WeightColumns c = (WeightColumns) core[m.metaSlot()];
                    SparseMma.mmaSparse(w.data(), c.cols(), c.kept(), t.bm(), b, t.bn(), acc);
                } else {
                    if (w.stride() != t.bk()) throw new IllegalStateException("op " + m.id() + ": dense weight tile of stride " + w.stride() + " for bk " + t.bk());
                    SparseMma.mmaDense(w.data(), t.bm(), t.bk(), b, t.bn(), acc);
                }
            } else {
                SparseMma.mmaDense((float[]) a, t.bm(), t.bk(), b, t.bn(), acc);
            }
        }

        private void reduce(TileOp.Reduce r) {
            GemmInfo g = p.gemm(r.gemm());
            float[] acc = (float[]) slots[r.core()][r.slot()];
            float[] part = tensor(r.partialTensor(), r);
            Region c = r.tile().c();
            for (int s : r.splits()) {
                for (int i = 0; i < c.rows(); i++) {
                    int src = ((s - 1) * g.m() + c.row0() + i) * g.n() + c.col0();
                    int dst = i * c.cols();
                    for (int j = 0; j < c.cols(); j++) acc[dst + j] += part[src + j];
                }
            }
        }

        private void fused(TileOp.VectorOp v) {
            float[] acc = (float[]) slots[v.core()][v.slot()];
            var t = v.tile();
            switch (v.vectorKind()) {
                case BIAS -> {
                    TensorRegion b = v.inputs().get(0);
                    float[] bias = tensor(b.tensor(), v);
                    for (int i = 0; i < t.bm(); i++) {
                        float x = bias[b.region().col0() + i];
                        for (int j = 0; j < t.bn(); j++) acc[i * t.bn() + j] += x;
                    }
                }
                case GELU -> Gelu.applyInPlace(acc, 0, t.bm() * t.bn());
                default -> throw new IllegalStateException("vector kind " + v.vectorKind() + " cannot be fused");
            }
        }

        private void standalone(TileOp.VectorOp v) {
            Region out = v.output().region();
            float[] dst = tensor(v.output().tensor(), v);
            int cols = out.cols();
            float[] x = tensor(v.inputs().get(0).tensor(), v);
            Region xr = v.inputs().get(0).region();
            for (int r = 0; r < out.rows(); r++) {
                int xo = (xr.row0() + r) * cols;
                int o = (out.row0() + r) * cols;
                switch (v.vectorKind()) {
                    case ADD -> {
                        float[] y = tensor(v.inputs().get(1).tensor(), v);
                        int yo = (v.inputs().get(1).region().row0() + r) * cols;
                        for (int j = 0; j < cols; j++) dst[o + j] = x[xo + j] + y[yo + j];
                    }
                    case BIAS -> {
                        float[] b = tensor(v.inputs().get(1).tensor(), v);
                        for (int j = 0; j < cols; j++) dst[o + j] = x[xo + j] + b[j];
                    }
                    case GELU -> {
                        System.arraycopy(x, xo, dst, o, cols);
                        Gelu.applyInPlace(dst, o, o + cols);
                    }
                    case SOFTMAX -> VectorOps.softmaxRow(x, xo, dst, o, cols, v.causal() ? (xr.row0() + r) % cols + 1 : cols, (float) v.scale());
                    case LAYERNORM -> org.nxm.model.numeric.RowKernels.layerNorm(x, xo, dst, o, cols, tensor(v.inputs().get(1).tensor(), v),
                            tensor(v.inputs().get(2).tensor(), v), v.eps());
                }
            }
        }

        private void store(TileOp.Store s) {
            float[] acc = (float[]) slots[s.core()][s.slot()];
            var t = s.tile();
            GemmInfo g = p.gemm(s.gemm());
            if (s.partial()) {
                float[] part = tensor(s.target().tensor(), s);
                Region r = s.target().region();
                for (int i = 0; i < t.bm(); i++) System.arraycopy(acc, i * t.bn(), part, (r.row0() + i) * g.n() + r.col0(), t.bn());
                return;
            }
            OperandView c = g.c();
            float[] out = tensor(c.tensor(), s);
            int cols = p.tensor(c.tensor()).cols();
            if (!c.transposed()) {
                for (int i = 0; i < t.bm(); i++) {
                    System.arraycopy(acc, i * t.bn(), out, (c.row0() + t.m0() + i) * cols + c.col0() + t.n0(), t.bn());
                }
            } else {
                for (int j = 0; j < t.bn(); j++) {
                    int dst = (c.row0() + t.n0() + j) * cols + c.col0() + t.m0();
                    for (int i = 0; i < t.bm(); i++) out[dst + i] = acc[i * t.bn() + j];
                }
            }
        }
    }
}
