package org.nxm.compiler.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nxm.compiler.weighttile.TileCodec;
import org.nxm.compiler.weighttile.WeightFormat;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.LoweredModel;
import org.nxm.compiler.program.BufferSlot;
import org.nxm.compiler.program.Edge;
import org.nxm.compiler.program.EdgeKind;
import org.nxm.compiler.program.EncodedWeight;
import org.nxm.compiler.program.GemmInfo;
import org.nxm.compiler.program.GemmOperand;
import org.nxm.compiler.program.MemoryLevel;
import org.nxm.compiler.program.OperandView;
import org.nxm.compiler.program.Region;
import org.nxm.compiler.program.TensorInfo;
import org.nxm.compiler.program.TensorKind;
import org.nxm.compiler.program.TensorRegion;
import org.nxm.compiler.program.Tile;
import org.nxm.compiler.program.TileOp;
import org.nxm.compiler.program.VectorKind;
import org.nxm.compiler.target.Target;
import org.nxm.compiler.tile.GemmPlan;
import org.nxm.model.tensor.Matrix;

/**
 * Builds the tile graph and schedules it in one walk over the stages (graph construction and scheduling
 * are interleaved because buffer slots, and so BUFFER_REUSE edges, follow from the issue order).
 *
 * <p>Schedule: a GEMM's work units (output tile × K split; tiles in the plan's {@code Raster} order) go round-robin
 * over cores, starting where the previous stage stopped so that many small GEMMs (attention heads) spread over the chip. Units are
 * emitted wave by wave (one unit per core), each unit's K-steps alternating between two slots per
 * operand (double buffering: the next K-step's loads only wait for the MMA two steps back), and each
 * core alternating between two accumulator slots. After each wave, the tiles whose K splits are all done
 * are finished on the core of split 0: reduce the other splits' partials, fused epilogue (bias, GELU),
 * store. Standalone vector ops are split by rows over the cores.
 *
 * <p>Slot layout: per GEMM, shared slots A0 A1 [M0 M1] B0 B1 from offset 0 and register slots ACC0 ACC1
 * from offset 0; slots with equal (level, offset, size) are shared across GEMMs. A write into a slot
 * waits for every reader of the bytes it overwrites since they were last written (BUFFER_REUSE edge;
 * {@link CoreSlots} keeps the bytes per range, so a slot that overlaps only part of an earlier one does
 * not end the rest).
 */
public final class Scheduler {
    private final HardwareConfig hw;
    private final Target target;
    private final List<TensorInfo> tensors;

    private final List<TileOp> ops = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();
    private final SlotTable slots = new SlotTable();
    private final DependencyTracker deps;
    private final Residency residency;
    private final WeightTileEncoder encoder;
    private final CoreSlots[] cores;
    private final List<GemmInfo> gemms = new ArrayList<>();
    private int cursor;

    public Scheduler(HardwareConfig hw, List<TensorInfo> tensors, Function<String, Matrix> weights, TileCodec codec) {
        this.hw = hw;
        this.target = Target.of(hw);
        this.tensors = tensors;
        this.deps = new DependencyTracker(tensors.size());
        this.residency = new Residency(hw, tensors);
        this.encoder = new WeightTileEncoder(tensors, weights, codec);
        this.cores = new CoreSlots[hw.cores()];
        for (int c = 0; c < cores.length; c++) cores[c] = new CoreSlots();
    }

    /** Fewest rows one standalone vector op handles. */
    public static final int MIN_VECTOR_ROWS = 8;

    public List<TileOp> ops() { return ops; }

    public List<Edge> edges() { return edges; }

    public List<BufferSlot> slots() { return slots.all(); }

    public List<GemmInfo> gemms() { return gemms; }

    public Map<Integer, EncodedWeight> encodedWeights(String layout) {
        return encoder.encodedWeights(layout);
    }

    // ---- GEMM ----------------------------------------------------------------------------------------

    /** Emits one GEMM's ops. {@code weight} is the A operand's format when A is a weight, else null. */
    public GemmInfo gemm(LoweredModel.Gemm g, GemmPlan plan, WeightFormat weight, int partialTensor, long estimate) {
        int id = gemms.size();
        int elem = hw.dtype().bytes();
        int acc = hw.dtype().accumulatorBytes();
        var t = plan.tile();
        boolean sparse = weight != null && weight.sparse();
        boolean weightA = weight != null;
        int mmaK = target.mmaK(weight, t);
        int rowAlign = weightA ? weight.rowAlign() : 1;
        int kAlign = weightA ? weight.kAlign() : 1;
        // Slots.
        long aBytes = weightA ? weight.valueBytes(t.bm(), t.bk()) : (long) t.bm() * t.bk() * elem;
        long mBytes = sparse ? weight.metadataBytes(t.bm(), t.bk()) : 0;
        long bBytes = (long) t.bk() * t.bn() * elem;
        int stages = plan.stages();
        int[] aSlot = new int[stages], mSlot = new int[stages], bSlot = new int[stages], accSlot = new int[2];
        java.util.Arrays.fill(mSlot, -1);
        long off = 0;
        for (int i = 0; i < stages; i++) { aSlot[i] = slots.slot(MemoryLevel.SHARED, off, aBytes, "A"); off += aBytes; }
        if (sparse) for (int i = 0; i < stages; i++) { mSlot[i] = slots.slot(MemoryLevel.SHARED, off, mBytes, "metadata"); off += mBytes; }
        for (int i = 0; i < stages; i++) { bSlot[i] = slots.slot(MemoryLevel.SHARED, off, bBytes, "B"); off += bBytes; }
        long accBytes = (long) t.bm() * t.bn() * acc;
        for (int i = 0; i < 2; i++) accSlot[i] = slots.slot(MemoryLevel.REGISTER, i * accBytes, accBytes, "accumulator");

        int tilesM = plan.tilesM(g.m()), tilesN = plan.tilesN(g.n()), splits = plan.splits();
        int units = tilesM * tilesN * splits;
        int start = cursor;
        cursor = (cursor + units) % hw.cores();
        long mmaTotal = 0, macsTotal = 0;
        int[] lastWriterOfTile = new int[tilesM * tilesN]; // owner's last op touching the accumulator
        int[] ownerCore = new int[tilesM * tilesN];
        int[] ownerAcc = new int[tilesM * tilesN];
        int[] doneSplits = new int[tilesM * tilesN];
        boolean[] finished = new boolean[tilesM * tilesN];
        int waves = (units + hw.cores() - 1) / hw.cores();
        for (int w = 0; w < waves; w++) {
            for (int u = w * hw.cores(); u < Math.min(units, (w + 1) * hw.cores()); u++) {
                int tileIdx = plan.raster().tile(u / splits, tilesM, tilesN), split = u % splits;
                int ti = tileIdx / tilesN, tj = tileIdx % tilesN;
                int core = (start + u) % hw.cores();
                CoreSlots cb = cores[core];
                int m0 = ti * t.bm(), bm = Math.min(t.bm(), g.m() - m0);
                int n0 = tj * t.bn(), bn = Math.min(t.bn(), g.n() - n0);
                int kStart = split * plan.splitLength(), kEnd = Math.min(g.k(), kStart + plan.splitLength());
                int accS = accSlot[cb.accParity];
                cb.accParity ^= 1;
                int prevMma = -1;
                for (int k0 = kStart; k0 < kEnd; k0 += t.bk()) {
                    int bk = Math.min(t.bk(), kEnd - k0);
                    Tile tile = new Tile(m0, bm, n0, bn, k0, bk);
                    int p = cb.parity % stages;
                    cb.parity = (p + 1) % stages;
                    int aOp, mOp = -1;
                    if (weightA) {
                        int pr = WeightFormat.pad(bm, rowAlign), pk = WeightFormat.pad(bk, kAlign);
                        long[] blob = encoder.encode(g.a().tensor(), m0, bm, k0, bk, pr, pk);
                        int wt = g.a().tensor();
                        MemoryLevel src = residency.source(wt, tile.a());
                        aOp = add(core, cb, aSlot[p], id2 -> new TileOp.LoadWeightValues(id2, g.layer(), core, id, wt, tile.a(),
                                weight.valueBytes(pr, pk), aSlot[p], src, MemoryLevel.SHARED, blob[0]));
                        if (sparse) {
                            mOp = add(core, cb, mSlot[p], id2 -> new TileOp.LoadMetadata(id2, g.layer(), core, id, wt, tile.a(),
                                    weight.metadataBytes(pr, pk), mSlot[p], src, MemoryLevel.SHARED, blob[1]));
                        }
                    } else {
                        aOp = loadActivation(core, cb, g, id, GemmOperand.A, g.a(), tile.a(), aSlot[p]);
                    }
                    int bOp = loadActivation(core, cb, g, id, GemmOperand.B, g.b(), tile.b(), bSlot[p]);
                    // MMA
                    deps.dep(aOp, EdgeKind.DATA);
                    if (mOp >= 0) deps.dep(mOp, EdgeKind.DATA);
                    deps.dep(bOp, EdgeKind.DATA);
                    if (prevMma >= 0) deps.dep(prevMma, EdgeKind.DATA);
                    long count = target.mmaInstructions(bm, bn, bk, mmaK);
                    long macs = sparse ? (long) bm * bn * (bk / weight.pattern().m() * weight.pattern().n()) : (long) bm * bn * bk;
                    long readBytes = (weightA ? weight.valueBytes(WeightFormat.pad(bm, rowAlign), WeightFormat.pad(bk, kAlign))
                            + (sparse ? weight.metadataBytes(WeightFormat.pad(bm, rowAlign), WeightFormat.pad(bk, kAlign)) : 0)
                            : (long) bm * bk * elem) + (long) bk * bn * elem;
                    boolean accumulate = prevMma >= 0;
                    final int aS = aSlot[p], mS = mSlot[p], bS = bSlot[p];
                    int shapeM = target.mmaRows();
                    int shapeN = target.mmaCols();
                    prevMma = add(core, cb, accS, id2 -> new TileOp.Mma(id2, g.layer(), core, id, tile, sparse,
                            sparse ? weight.pattern().toString() : null, hw.dtype(), shapeM, shapeN, mmaK, count, macs,
                            aS, mS, bS, accS, accumulate, readBytes, MemoryLevel.SHARED, MemoryLevel.REGISTER));
                    mmaTotal += count;
                    macsTotal += macs;
                }
                Tile cTile = new Tile(m0, bm, n0, bn, kStart, kEnd - kStart);
                if (split > 0) {
                    TensorInfo pt = tensors.get(partialTensor);
                    TensorRegion target = new TensorRegion(partialTensor, new Region((split - 1) * g.m() + m0, bm, n0, bn));
                    deps.dep(prevMma, EdgeKind.DATA);
                    int st = add(core, cb, -1, id2 -> new TileOp.Store(id2, g.layer(), core, id, cTile, target, true,
                            (long) bm * bn * acc, accS, MemoryLevel.REGISTER, pt.home()));
                    deps.written(partialTensor, target.region(), st);
                } else {
                    ownerCore[tileIdx] = core;
                    ownerAcc[tileIdx] = accS;
                    lastWriterOfTile[tileIdx] = prevMma;
                }
                doneSplits[tileIdx]++;
            }
            // Finish tiles whose splits are all done.
            for (int tileIdx = 0; tileIdx < tilesM * tilesN; tileIdx++) {
                if (finished[tileIdx] || doneSplits[tileIdx] < splits) continue;
                finished[tileIdx] = true;
                finish(g, id, plan, weight, tileIdx / tilesN, tileIdx % tilesN, ownerCore[tileIdx], ownerAcc[tileIdx],
                        lastWriterOfTile[tileIdx], partialTensor);
            }
        }
        String pattern = sparse ? weight.pattern().toString() : null;
        long expectMacs = sparse ? (long) g.m() * g.n() * g.k() / weight.pattern().m() * weight.pattern().n() : (long) g.m() * g.n() * g.k();
        if (macsTotal != expectMacs) throw new IllegalStateException("compiler bug: " + g.name() + " MACs " + macsTotal + " != " + expectMacs);
        GemmInfo info = new GemmInfo(id, g.name(), g.layer(), g.kind(), g.m(), g.n(), g.k(), g.a(), g.b(), g.c(), pattern,
                g.epilogue(), g.bias(), t, splits, splits > 1 ? partialTensor : -1, mmaTotal, macsTotal, estimate);
        gemms.add(info);
        return info;
    }

    private void finish(LoweredModel.Gemm g, int gemmId, GemmPlan plan, WeightFormat weight, int ti, int tj, int core,
                        int accS, int lastWriter, int partialTensor) {
        var t = plan.tile();
        int elem = hw.dtype().bytes();
        int m0 = ti * t.bm(), bm = Math.min(t.bm(), g.m() - m0);
        int n0 = tj * t.bn(), bn = Math.min(t.bn(), g.n() - n0);
        Tile cTile = new Tile(m0, bm, n0, bn, 0, g.k());
        CoreSlots cb = cores[core];
        int last = lastWriter;
        if (plan.splits() > 1) {
            TensorInfo pt = tensors.get(partialTensor);
            List<Integer> splitIds = new ArrayList<>();
            for (int s = 1; s < plan.splits(); s++) {
                splitIds.add(s);
                deps.dataFrom(partialTensor, new Region((s - 1) * g.m() + m0, bm, n0, bn));
            }
            deps.dep(last, EdgeKind.DATA);
            long bytes = (long) (plan.splits() - 1) * bm * bn * hw.dtype().accumulatorBytes();
            last = add(core, cb, accS, id2 -> new TileOp.Reduce(id2, g.layer(), core, gemmId, cTile, partialTensor, splitIds,
                    bytes, accS, pt.home(), MemoryLevel.REGISTER));
        }
        for (VectorKind k : g.epilogue()) {
            deps.dep(last, EdgeKind.DATA);
            List<TensorRegion> inputs = List.of();
            long bytes = 0;
            MemoryLevel src = MemoryLevel.REGISTER;
            if (k == VectorKind.BIAS) {
                Region r = new Region(0, 1, m0, bm);
                inputs = List.of(new TensorRegion(g.bias(), r));
                bytes = (long) bm * elem;
                src = residency.source(g.bias(), r);
            }
            final List<TensorRegion> in = inputs;
            final long b = bytes;
            final MemoryLevel s = src;
            last = add(core, cb, accS, id2 -> new TileOp.VectorOp(id2, g.layer(), core, k, (long) bm * bn, gemmId, cTile, in, null,
                    1, 0, false, b, accS, s, MemoryLevel.REGISTER));
        }
        TensorRegion target = new TensorRegion(g.c().tensor(), g.c().storage(cTile.c()));
        deps.dep(last, EdgeKind.DATA);
        TensorInfo ct = tensors.get(g.c().tensor());
        int st = add(core, cb, -1, id2 -> new TileOp.Store(id2, g.layer(), core, gemmId, cTile, target, false,
                (long) bm * bn * elem, accS, MemoryLevel.REGISTER, ct.home()));
        deps.written(g.c().tensor(), target.region(), st);
    }

    private int loadActivation(int core, CoreSlots cb, LoweredModel.Gemm g, int gemmId, GemmOperand operand, OperandView view,
                               Region logical, int slot) {
        Region storage = view.storage(logical);
        deps.dataFrom(view.tensor(), storage);
        TensorInfo ti = tensors.get(view.tensor());
        MemoryLevel src = ti.kind() == TensorKind.INPUT ? residency.source(view.tensor(), storage) : ti.home();
        long bytes = logical.elements() * hw.dtype().bytes();
        return add(core, cb, slot, id2 -> new TileOp.LoadActivations(id2, g.layer(), core, gemmId, operand, logical, bytes,
                slot, src, MemoryLevel.SHARED));
    }

    // ---- vector ops ----------------------------------------------------------------------------------

    public void vector(LoweredModel.Vector v) {
        // Rows split over the cores, but at least MIN_VECTOR_ROWS per op: finer chunks would make every
        // consumer tile depend on dozens of tiny producers (edges) for little gain.
        int parts = Math.max(1, Math.min(hw.cores(), v.rows() / MIN_VECTOR_ROWS));
        int chunk = (v.rows() + parts - 1) / parts;
        int elem = hw.dtype().bytes();
        TensorInfo out = tensors.get(v.output());
        for (int r0 = v.row0(); r0 < v.row0() + v.rows(); r0 += chunk) {
            int rows = Math.min(chunk, v.row0() + v.rows() - r0);
            int core = cursor;
            cursor = (cursor + 1) % hw.cores();
            List<TensorRegion> inputs = new ArrayList<>();
            long bytes = 0;
            for (int i = 0; i < v.inputs().size(); i++) {
                int tin = v.inputs().get(i);
                TensorInfo ti = tensors.get(tin);
                Region r = ti.kind() == TensorKind.PARAMETER ? new Region(0, 1, 0, v.cols()) : new Region(r0, rows, 0, v.cols());
                inputs.add(new TensorRegion(tin, r));
                deps.dataFrom(tin, r);
                bytes += r.elements() * elem;
            }
            Region outR = new Region(r0, rows, 0, v.cols());
            bytes += outR.elements() * elem;
            TensorInfo first = tensors.get(v.inputs().get(0));
            final long b = bytes;
            final int c = core;
            int id = add(core, cores[core], -1, id2 -> new TileOp.VectorOp(id2, v.layer(), c, v.kind(), outR.elements(), -1, null,
                    inputs, new TensorRegion(v.output(), outR), v.scale(), v.eps(), v.causal(), b, -1, first.home(), out.home()));
            deps.written(v.output(), outR, id);
        }
    }

    // ---- plumbing ------------------------------------------------------------------------------------

    /**
     * Appends an op: its write into a slot adds BUFFER_REUSE edges from the readers of every byte it
     * overwrites (for an accumulation that is the previous writer, already a DATA edge); the pending
     * dependencies become edges; it is recorded as a reader of the slots it reads.
     */
    private int add(int core, CoreSlots cb, int writeSlot, java.util.function.IntFunction<TileOp> make) {
        int id = ops.size();
        TileOp op = make.apply(id);
        if (writeSlot >= 0) {
            for (int r : cb.write(slots.get(writeSlot), id)) deps.dep(r, EdgeKind.BUFFER_REUSE);
        }
        for (int s : op.readSlots()) if (s != writeSlot || op.startsOccupancy()) cb.read(slots.get(s), id);
        deps.emit(id, edges);
        ops.add(op);
        return id;
    }
}
