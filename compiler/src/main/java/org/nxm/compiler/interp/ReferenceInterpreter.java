package org.nxm.compiler.interp;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.nxm.compiler.weighttile.EncodingTileCodec;
import org.nxm.compiler.weighttile.TileCodec;
import org.nxm.compiler.weighttile.WeightFormat;
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
import org.nxm.model.tensor.Matrix;

/**
 * A plain reference interpreter of tile ops: executes a program's ops in a topological order of its
 * graph (JGraphT's, which need not be the listing order — so it also exercises the dependency edges)
 * with plain loops, keeping each core's buffer slots as separate arrays. Weight tiles are decoded from
 * their compressed bytes; accumulation is in double (exact for int8 products). Values are not rounded
 * to the element type on store: this checks the tile graph's arithmetic, not number formats.
 *
 * <p>The program must carry weights (a shapes-only program has nothing to compute with).
 */
public final class ReferenceInterpreter {
    private final Program p;
    private final TileCodec codec;
    private final float[][] memory;
    private final Map<Long, Object> slots = new HashMap<>();
    private final Map<WeightTile, float[]> decoded = new HashMap<>();
    /** Dense weights by tensor name to take weight tiles from instead of the program's bytes, or null. */
    private final Function<String, Matrix> denseWeights;
    private Map<WeightTile, Long> valueOffsets;

    private ReferenceInterpreter(Program p, Function<String, Matrix> denseWeights) {
        this.p = p;
        this.codec = EncodingTileCodec.of(WeightTileCheck.format(p));
        this.memory = new float[p.tensors().size()][];
        this.denseWeights = denseWeights;
    }

    /**
     * Runs the program on {@code inputs} (INPUT tensors by id, row-major) and returns every tensor's
     * final contents by id. Parameters (bias, LayerNorm) come from the program.
     */
    public static Map<Integer, float[]> run(Program p, Map<Integer, float[]> inputs) {
        ReferenceInterpreter in = start(p, inputs, null);
        for (int id : p.graph().topologicalOrder()) in.execute(p.ops().get(id));
        Map<Integer, float[]> out = new HashMap<>();
        for (int i = 0; i < in.memory.length; i++) if (in.memory[i] != null) out.put(i, in.memory[i]);
        return out;
    }

    /**
     * One op at a time, for comparisons op by op ({@code nxm simulate --functional --check-ops}): the
     * caller runs ops in a topological order (the listing order is one) and reads each op's result.
     */
    public static final class Stepper {
        private final ReferenceInterpreter in;

        private Stepper(ReferenceInterpreter in) { this.in = in; }

        /** Executes op {@code id} and returns its result ({@link #output}). */
        public float[] step(int id) {
            TileOp op = in.p.ops().get(id);
            in.execute(op);
            return in.output(op);
        }
    }

    /**
     * A stepper over {@code p}. With {@code denseWeights} (masked dense weights by tensor name, already
     * rounded to the element type as the tiles store them), weight tiles are cut from those matrices and
     * the program's encoded bytes are never read: a wrong tile or metadata code then shows as a
     * difference from a run that decodes the bytes. Without, tiles are decoded from the bytes.
     */
    public static Stepper stepper(Program p, Map<Integer, float[]> inputs, Function<String, Matrix> denseWeights) {
        return new Stepper(start(p, inputs, denseWeights));
    }

    private static ReferenceInterpreter start(Program p, Map<Integer, float[]> inputs, Function<String, Matrix> denseWeights) {
        if (!p.hasWeights() && denseWeights == null) throw new InputException("program has no weights: compile with weights to execute it");
        ReferenceInterpreter in = new ReferenceInterpreter(p, denseWeights);
        for (TensorInfo t : p.tensors()) {
            if (t.kind() == TensorKind.INPUT) {
                float[] v = inputs.get(t.id());
                if (v == null || v.length != t.elements()) throw new InputException("input tensor " + t.name() + ": expected " + t.elements() + " values");
                in.memory[t.id()] = v.clone();
            } else if (t.kind() == TensorKind.PARAMETER) {
                float[] v = p.parameters().get(t.id());
                if (v != null) in.memory[t.id()] = v.clone();
            }
        }
        return in;
    }

    /**
     * What an op produced, row-major: an operand tile for a load (a weight tile as its bm×bk dense values;
     * null for the values half of a sparse tile, whose result is the tile its metadata load completes), the
     * accumulator tile for an MMA, reduce or fused vector op (and for the store that writes it), the
     * written rows for a standalone vector op.
     */
    private float[] output(TileOp op) {
        if (op instanceof TileOp.LoadActivations l) return ((float[]) slots.get(key(l.core(), l.slot()))).clone();
        if (op instanceof TileOp.LoadWeightValues l) return codec.format().sparse() ? null : weightTile(new WeightTile(l.tensor(), l.region(), l.blobOffset(), -1), null);
        if (op instanceof TileOp.LoadMetadata l) {
            return weightTile(new WeightTile(l.tensor(), l.region(), valuesOffset(l), -1), new WeightTile(l.tensor(), l.region(), -1, l.blobOffset()));
        }
        if (op instanceof TileOp.VectorOp v && v.gemm() < 0) {
            Region r = v.output().region();
            float[] t = tensor(v.output().tensor());
            int cols = p.tensor(v.output().tensor()).cols();
            float[] out = new float[r.rows() * r.cols()];
            for (int i = 0; i < r.rows(); i++) System.arraycopy(t, (r.row0() + i) * cols + r.col0(), out, i * r.cols(), r.cols());
            return out;
        }
        double[] acc = (double[]) slots.get(key(op.core(), op.slot()));
        float[] out = new float[acc.length];
        for (int i = 0; i < acc.length; i++) out[i] = (float) acc[i];
        return out;
    }

    /** The value blob offset of the tile a metadata load belongs to (the values load of that tile). */
    private long valuesOffset(TileOp.LoadMetadata m) {
        if (valueOffsets == null) {
            valueOffsets = new HashMap<>();
            for (TileOp op : p.ops()) {
                if (op instanceof TileOp.LoadWeightValues l) valueOffsets.putIfAbsent(new WeightTile(l.tensor(), l.region(), -1, -1), l.blobOffset());
            }
        }
        return valueOffsets.getOrDefault(new WeightTile(m.tensor(), m.region(), -1, -1), -1L);
    }

    /** A weight tile's bm×bk values: cut from the dense weights when given, else decoded from the program's bytes. */
    private float[] weightTile(WeightTile values, WeightTile meta) {
        int bm = values.region().rows(), bk = values.region().cols();
        if (denseWeights == null) return decode(values, meta, bm, bk);
        Matrix w = denseWeights.apply(p.tensor(values.tensor()).name());
        if (w == null) throw new InputException("no dense weights for tensor " + p.tensor(values.tensor()).name());
        Region r = values.region();
        float[] out = new float[bm * bk];
        for (int i = 0; i < bm; i++) System.arraycopy(w.data(), (r.row0() + i) * w.cols() + r.col0(), out, i * bk, bk);
        return out;
    }

    private float[] tensor(int id) {
        if (memory[id] == null) memory[id] = new float[(int) p.tensor(id).elements()];
        return memory[id];
    }

    private static long key(int core, int slot) {
        return ((long) core << 32) | slot;
    }

    private void execute(TileOp op) {
        if (op instanceof TileOp.LoadActivations l) {
            GemmInfo g = p.gemm(l.gemm());
            OperandView v = l.operand().view(g);
            slots.put(key(l.core(), l.slot()), readView(v, l.region()));
        } else if (op instanceof TileOp.LoadWeightValues l) {
            slots.put(key(l.core(), l.slot()), new WeightTile(l.tensor(), l.region(), l.blobOffset(), -1));
        } else if (op instanceof TileOp.LoadMetadata l) {
            slots.put(key(l.core(), l.slot()), new WeightTile(l.tensor(), l.region(), -1, l.blobOffset()));
        } else if (op instanceof TileOp.Mma m) {
            mma(m);
        } else if (op instanceof TileOp.Reduce r) {
            GemmInfo g = p.gemm(r.gemm());
            double[] acc = (double[]) slots.get(key(r.core(), r.slot()));
            float[] part = tensor(r.partialTensor());
            Region c = r.tile().c();
            for (int s : r.splits()) {
                for (int i = 0; i < c.rows(); i++) {
                    for (int j = 0; j < c.cols(); j++) {
                        acc[i * c.cols() + j] += part[((s - 1) * g.m() + c.row0() + i) * g.n() + c.col0() + j];
                    }
                }
            }
        } else if (op instanceof TileOp.VectorOp v) {
            if (v.gemm() >= 0) fused(v);
            else VectorKernels.apply(v, this::tensor, p);
        } else if (op instanceof TileOp.Store s) {
            store(s);
        }
    }

    private record WeightTile(int tensor, Region region, long valuesOffset, long metaOffset) {}

    /** A logical operand region as a row-major float tile. */
    private float[] readView(OperandView v, Region r) {
        float[] t = tensor(v.tensor());
        int cols = p.tensor(v.tensor()).cols();
        float[] out = new float[r.rows() * r.cols()];
        for (int i = 0; i < r.rows(); i++) {
            for (int j = 0; j < r.cols(); j++) {
                out[i * r.cols() + j] = t[v.storageRow(r.row0() + i, r.col0() + j) * cols + v.storageCol(r.row0() + i, r.col0() + j)];
            }
        }
        return out;
    }

    private void mma(TileOp.Mma m) {
        var t = m.tile();
        float[] a;
        Object aSlot = slots.get(key(m.core(), m.aSlot()));
        if (aSlot instanceof WeightTile w) {
            WeightTile meta = m.metaSlot() >= 0 ? (WeightTile) slots.get(key(m.core(), m.metaSlot())) : null;
            a = weightTile(w, meta);
        } else {
            a = (float[]) aSlot;
        }
        float[] b = (float[]) slots.get(key(m.core(), m.bSlot()));
        long accKey = key(m.core(), m.slot());
        double[] acc = m.accumulate() ? (double[]) slots.get(accKey) : new double[t.bm() * t.bn()];
        for (int i = 0; i < t.bm(); i++) {
            for (int kk = 0; kk < t.bk(); kk++) {
                double av = a[i * t.bk() + kk];
                if (av == 0) continue;
                for (int j = 0; j < t.bn(); j++) acc[i * t.bn() + j] += av * b[kk * t.bn() + j];
            }
        }
        slots.put(accKey, acc);
    }

    /** Decodes a compressed (or dense) weight tile from the program's blobs; returns its bm×bk part. */
    private float[] decode(WeightTile values, WeightTile meta, int bm, int bk) {
        float[] known = decoded.get(values);
        if (known != null) return known;
        float[] tile = decodeTile(values, meta, bm, bk);
        decoded.put(values, tile);
        return tile;
    }

    private float[] decodeTile(WeightTile values, WeightTile meta, int bm, int bk) {
        WeightFormat fmt = codec.format();
        EncodedWeight w = p.weights().get(values.tensor());
        int rows = WeightFormat.pad(values.region().rows(), fmt.rowAlign());
        int k = WeightFormat.pad(values.region().cols(), fmt.kAlign());
        byte[] v = java.util.Arrays.copyOfRange(w.values(), (int) values.valuesOffset(), (int) (values.valuesOffset() + fmt.valueBytes(rows, k)));
        byte[] md = new byte[0];
        if (fmt.sparse()) {
            if (meta == null || meta.tensor() != values.tensor() || !meta.region().equals(values.region())) {
                throw new IllegalStateException("sparse MMA without the metadata of its weight tile");
            }
            md = java.util.Arrays.copyOfRange(w.metadata(), (int) meta.metaOffset(), (int) (meta.metaOffset() + fmt.metadataBytes(rows, k)));
        }
        float[] padded = codec.decode(v, md, rows, k);
        float[] out = new float[bm * bk];
        for (int i = 0; i < bm; i++) System.arraycopy(padded, i * k, out, i * bk, bk);
        return out;
    }

    private void fused(TileOp.VectorOp v) {
        double[] acc = (double[]) slots.get(key(v.core(), v.slot()));
        var t = v.tile();
        switch (v.vectorKind()) {
            case BIAS -> {
                TensorRegion b = v.inputs().get(0);
                float[] bias = tensor(b.tensor());
                for (int i = 0; i < t.bm(); i++) {
                    for (int j = 0; j < t.bn(); j++) acc[i * t.bn() + j] += bias[b.region().col0() + i];
                }
            }
            case GELU -> {
                for (int i = 0; i < acc.length; i++) acc[i] = VectorKernels.gelu(acc[i]);
            }
            default -> throw new IllegalStateException("vector kind " + v.vectorKind() + " cannot be fused");
        }
    }

    private void store(TileOp.Store s) {
        double[] acc = (double[]) slots.get(key(s.core(), s.slot()));
        var t = s.tile();
        if (s.partial()) {
            float[] part = tensor(s.target().tensor());
            GemmInfo g = p.gemm(s.gemm());
            Region r = s.target().region();
            for (int i = 0; i < t.bm(); i++) {
                for (int j = 0; j < t.bn(); j++) part[(r.row0() + i) * g.n() + r.col0() + j] = (float) acc[i * t.bn() + j];
            }
            return;
        }
        GemmInfo g = p.gemm(s.gemm());
        OperandView c = g.c();
        float[] out = tensor(c.tensor());
        int cols = p.tensor(c.tensor()).cols();
        for (int i = 0; i < t.bm(); i++) {
            for (int j = 0; j < t.bn(); j++) {
                out[c.storageRow(t.m0() + i, t.n0() + j) * cols + c.storageCol(t.m0() + i, t.n0() + j)] = (float) acc[i * t.bn() + j];
            }
        }
    }
}
