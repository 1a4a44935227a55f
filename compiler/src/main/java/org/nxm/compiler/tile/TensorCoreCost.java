package org.nxm.compiler.tile;

import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.program.MemoryLevel;
import org.nxm.compiler.program.TileShape;
import org.nxm.compiler.program.VectorKind;

/**
 * The tensor-core cost model: the op sequence the scheduler gives the busiest core (core 0 of the GEMM's
 * cores: the most work units, and the first touch of its operand tiles), timed by the engine's law
 * ({@link CorePipeline}) with the engine's occupancies, against the chip-wide bandwidth bounds of L2 and DRAM.
 *
 * <p>What it models, as the simulator's tensor-core machine charges it:
 * <ul>
 *   <li>per K-step: loads of the A tile (values, and metadata when sparse) and the B tile, each holding the
 *       core's shared-buffer port for its bytes, the L2 for its bytes and, on a first touch, DRAM for its
 *       bytes plus the DRAM latency; the MMA holding the MMA pipe (padded instructions × issue interval /
 *       tensor cores), the metadata unit, and the shared port for the operand bytes its tensor cores read
 *       (each activation row read by gc of them, each weight row by gr, as a gr × gc grid);</li>
 *   <li>the schedule's dependencies: two buffers per operand (a load waits for the MMA two K-steps back),
 *       MMAs of one tile in order, two accumulators (a tile's first MMA waits for the store of the tile two
 *       units back), the MMA latency where a non-MMA op reads the accumulator;</li>
 *   <li>per output tile: split-K partial stores (float32) and the reduce on the owner (a load per other split,
 *       a vector add over all partials), the fused epilogue (bias load and vector passes), the store
 *       (shared port, L2, and DRAM: stores write through).</li>
 * </ul>
 * Other cores run the same sequence shifted, so the chip's time is the larger of this core's and the
 * aggregate DRAM and L2 times; where those are close, queueing on the shared L2 and DRAM pipes (which one
 * core alone never sees) makes the real run slower than either.
 */
final class TensorCoreCost {
    private TensorCoreCost() {}

    private static final int MMA = 0, META = 1, SMEM = 2, VEC = 3, L2 = 4, DRAM = 5;
    /** Units of the busiest core modelled op by op; later ones repeat the last one's time. */
    static final int MODELLED_WAVES = 4;

    static CostModel.Breakdown estimate(HardwareConfig hw, GemmContext g, TileShape t, int splits, int splitLength) {
        int cores = g.cores();
        int tilesM = ceil(g.m(), t.bm()), tilesN = ceil(g.n(), t.bn());
        long units = (long) tilesM * tilesN * splits;
        long waves = ceil(units, cores);
        int e = hw.dtype().bytes();
        int acc = hw.dtype().accumulatorBytes();
        boolean weightA = g.weight() != null;
        boolean sparse = g.sparse();
        boolean hasL2 = hw.l2() != null;
        double smemBw = hw.shared().bytesPerCycle();
        double l2Bw = hasL2 ? hw.l2().bytesPerCycle() : 0;
        double dramBw = hw.dramBytesPerCycle();
        long dramLat = hw.dram().latencyCycles();
        long mmaLat = hw.mma().latencyCycles();
        int tc = hw.tensorCoresPerCore();
        int gr = warpGridRows(tc), gc = tc / gr;
        int mmaK = sparse ? hw.mmaK(g.weight().pattern()) : hw.mma().k();
        int rowAlign = weightA ? g.weight().rowAlign() : 1, kAlign = weightA ? g.weight().kAlign() : 1;
        int pn = sparse ? g.weight().pattern().n() : 1, pm = sparse ? g.weight().pattern().m() : 1;
        int indexBits = sparse ? g.weight().pattern().indexBits() : 0;

        CorePipeline pipe = new CorePipeline(6);
        int[] mmaBack = {-1, -1};      // the MMA that last read each operand buffer
        int[] accReader = {-1, -1};    // the op that last read each accumulator
        int parity = 0, accParity = 0;
        int lastMiss = -1, lastLoad = -1;
        // A core's units repeat the same pipeline: model the first few and extrapolate the steady state, so that the
        // cost of an estimate does not grow with the GEMM (the tiler costs hundreds of candidates per shape).
        int modelled = (int) Math.min(waves, MODELLED_WAVES);
        int[] unitLast = new int[modelled];
        for (int w = 0; w < modelled; w++) {
            long u = (long) w * cores;
            int tileIdx = (int) (u / splits), split = (int) (u % splits);
            int ti = tileIdx / tilesN, tj = tileIdx % tilesN;
            int m0 = ti * t.bm(), bm = Math.min(t.bm(), g.m() - m0);
            int n0 = tj * t.bn(), bn = Math.min(t.bn(), g.n() - n0);
            int kStart = split * splitLength, kEnd = Math.min(g.k(), kStart + splitLength);
            // First touches go to DRAM (where the operand lives there, or always without an L2).
            boolean aMiss = !hasL2 || ((weightA || g.aHome() == MemoryLevel.DRAM) && tj == 0);
            boolean bMiss = !hasL2 || (g.bHome() == MemoryLevel.DRAM && ti == 0);
            int accS = accParity;
            accParity ^= 1;
            int prev = -1;
            for (int k0 = kStart; k0 < kEnd; k0 += t.bk()) {
                int bk = Math.min(t.bk(), kEnd - k0);
                int p = parity;
                parity ^= 1;
                int[] reuse = {mmaBack[p]};
                int la, lm = -1;
                if (weightA) {
                    int pr = pad(bm, rowAlign), pk = pad(bk, kAlign);
                    la = load(pipe, hw, g.weight().valueBytes(pr, pk), aMiss, reuse);
                    if (sparse) lm = load(pipe, hw, g.weight().metadataBytes(pr, pk), aMiss, reuse);
                } else {
                    la = load(pipe, hw, (long) bm * bk * e, aMiss, reuse);
                }
                if (aMiss) lastMiss = sparse ? lm : la;
                int lb = load(pipe, hw, (long) bk * bn * e, bMiss, reuse);
                if (bMiss) lastMiss = lb;
                lastLoad = lb;
                long instr = (long) ceil(bm, hw.mma().m()) * ceil(bn, hw.mma().n()) * ceil(bk, sparse ? (long) hw.mma().k() * pm / pn : hw.mma().k());
                long pipeCycles = ceil(instr * hw.mma().issueIntervalCycles(), tc);
                long kept = sparse ? (long) bk / pm * pn : bk;
                long act = (long) gc * bn * bk * e, wgt = (long) gr * bm * kept * e;
                long meta = sparse ? ceil((long) gr * bm * kept * indexBits, 8) : 0;
                int[] deps = {la, lm, lb, prev >= 0 ? prev : accReader[accS]};
                int mma = sparse
                        ? pipe.add(deps, new int[] {MMA, META, SMEM}, new long[] {pipeCycles,
                                CorePipeline.cycles(meta, hw.metadataBytesPerCycle()), CorePipeline.cycles(act + wgt + meta, smemBw)}, 0)
                        : pipe.add(deps, new int[] {MMA, SMEM}, new long[] {pipeCycles, CorePipeline.cycles(act + wgt, smemBw)}, 0);
                mmaBack[p] = mma;
                prev = mma;
            }
            pipe.addLatency(prev, mmaLat);
            if (split > 0) {
                accReader[accS] = store(pipe, hw, (long) bm * bn * acc, new int[] {prev});
                unitLast[w] = accReader[accS];
                continue;
            }
            // The owner finishes the tile once the wave is done: reduce the other splits, epilogue, store.
            int tail = prev;
            if (splits > 1) {
                int others = Math.min(splits, (int) Math.min(Integer.MAX_VALUE, units - (long) tileIdx * splits)) - 1;
                int[] in = new int[others + 1];
                for (int s = 0; s < others; s++) in[s] = load(pipe, hw, (long) bm * bn * acc, false, new int[] {tail});
                in[others] = tail;
                long elements = (long) bm * bn * others;
                tail = vector(pipe, hw, elements, 1, in);
            }
            for (VectorKind kind : g.epilogue()) {
                int[] in = {tail};
                if (kind == VectorKind.BIAS) in = new int[] {tail, load(pipe, hw, (long) bm * e, !hasL2 || tj == 0, new int[] {tail})};
                tail = vector(pipe, hw, (long) bm * bn, kind.opsPerElement(), in);
            }
            accReader[accS] = store(pipe, hw, (long) bm * bn * e, new int[] {tail});
            unitLast[w] = accReader[accS];
        }
        CorePipeline.Times times = pipe.run();
        long core = times.end();
        if (waves > modelled) {
            long perUnit = times.finish()[unitLast[modelled - 1]] - times.finish()[unitLast[modelled - 2]];
            core += (waves - modelled) * perUnit;
        }
        // Where DRAM or L2 binds, the cores' loads queue behind each other's: the last core to be served starts its
        // last load after the others' bytes have streamed, and then runs what core 0 runs after its last load.
        long end = times.end();
        long dramTail = lastMiss >= 0 ? end - times.start()[lastMiss] : 0;
        long l2Tail = lastLoad >= 0 ? end - times.start()[lastLoad] : 0;

        // Chip-wide traffic. Weights are read from DRAM once; a B (or activation A) that lives in DRAM once;
        // stores write through to DRAM. Through L2: every load and store.
        long kPad = weightA ? pad(g.k(), kAlign) : g.k();
        long aAll = weightA ? g.weight().valueBytes(g.m(), kPad) + g.weight().metadataBytes(g.m(), kPad) : (long) g.m() * g.k() * e;
        long bAll = (long) g.k() * g.n() * e;
        long cAll = (long) g.m() * g.n() * e;
        long partials = splits > 1 ? (long) (splits - 1) * g.m() * g.n() * acc : 0;
        long bias = g.epilogue().contains(VectorKind.BIAS) ? (long) g.m() * e * tilesN : 0;
        long l2Bytes = aAll * tilesN + bAll * tilesM + cAll + 2 * partials + bias;
        long dramBytes = hasL2
                ? (weightA || g.aHome() == MemoryLevel.DRAM ? aAll : 0) + (g.bHome() == MemoryLevel.DRAM ? bAll : 0) + cAll + partials
                        + (bias > 0 ? (long) g.m() * e : 0)
                : l2Bytes;
        // The chip-wide pipes serve one op at a time, each for its bytes at the pipe's rate but at least a cycle
        // (the engine's rounding): many small tiles make L2 and DRAM op-bound rather than byte-bound.
        long[] busy = chipBusyCycles(hw, g, t, splits, splitLength, tilesM, tilesN);
        long dramBusy = busy[0], l2Busy = busy[1];
        // The cycles this core holds the pipes from its last load on are in its tail already.
        long dramCycles = Double.isInfinite(dramBw) || lastMiss < 0 ? 0 : Math.max(0, dramBusy - pipe.dramCyclesFrom(lastMiss)) + dramTail;
        long l2Cycles = hasL2 && lastLoad >= 0 ? Math.max(0, l2Busy - pipe.l2CyclesFrom(lastLoad)) + l2Tail : 0;
        long total = Math.max(core, Math.max(dramCycles, l2Cycles));
        // The parts: the plain bandwidth times, and as "fill" what the tails add beyond the largest of them, so that
        // max(compute, dram, l2) + fill = total, and concurrent GEMMs (attention heads) can add up their bytes.
        long dramPlain = Double.isInfinite(dramBw) ? 0 : dramBusy;
        long l2Plain = hasL2 ? l2Busy : 0;
        long fill = total - Math.max(core, Math.max(dramPlain, l2Plain));
        return new CostModel.Breakdown(core, dramPlain, l2Plain, fill, dramBytes, hasL2 ? l2Bytes : 0, total);
    }

    private static int load(CorePipeline pipe, HardwareConfig hw, long bytes, boolean miss, int[] deps) {
        double smem = hw.shared().bytesPerCycle();
        int op;
        if (hw.l2() == null) {
            op = pipe.add(deps, new int[] {DRAM, SMEM}, new long[] {CorePipeline.cycles(bytes, hw.dramBytesPerCycle()),
                    CorePipeline.cycles(bytes, smem)}, hw.dram().latencyCycles());
        } else if (!miss) {
            op = pipe.add(deps, new int[] {L2, SMEM}, new long[] {CorePipeline.cycles(bytes, hw.l2().bytesPerCycle()),
                    CorePipeline.cycles(bytes, smem)}, 0);
        } else {
            op = pipe.add(deps, new int[] {DRAM, L2, SMEM}, new long[] {CorePipeline.cycles(bytes, hw.dramBytesPerCycle()),
                    CorePipeline.cycles(bytes, hw.l2().bytesPerCycle()), CorePipeline.cycles(bytes, smem)}, hw.dram().latencyCycles());
        }
        pipe.traffic(op, miss || hw.l2() == null ? CorePipeline.cycles(bytes, hw.dramBytesPerCycle()) : 0, hw.l2() == null ? 0 : CorePipeline.cycles(bytes, hw.l2().bytesPerCycle()));
        return op;
    }

    private static int store(CorePipeline pipe, HardwareConfig hw, long bytes, int[] deps) {
        double smem = hw.shared().bytesPerCycle();
        int op;
        if (hw.l2() == null) {
            op = pipe.add(deps, new int[] {SMEM, DRAM}, new long[] {CorePipeline.cycles(bytes, smem),
                    CorePipeline.cycles(bytes, hw.dramBytesPerCycle())}, 0);
        } else {
            op = pipe.add(deps, new int[] {SMEM, L2, DRAM}, new long[] {CorePipeline.cycles(bytes, smem),
                    CorePipeline.cycles(bytes, hw.l2().bytesPerCycle()), CorePipeline.cycles(bytes, hw.dramBytesPerCycle())}, 0);
        }
        pipe.traffic(op, CorePipeline.cycles(bytes, hw.dramBytesPerCycle()), hw.l2() == null ? 0 : CorePipeline.cycles(bytes, hw.l2().bytesPerCycle()));
        return op;
    }

    /** A vector pass over the accumulator: the vector unit, and the shared port for reading and writing it. */
    private static int vector(CorePipeline pipe, HardwareConfig hw, long elements, int opsPerElement, int[] deps) {
        return pipe.add(deps, new int[] {VEC, SMEM}, new long[] {CorePipeline.cycles((double) elements * opsPerElement,
                hw.vectorElementsPerCycle()), CorePipeline.cycles(2.0 * elements * hw.dtype().bytes(), hw.shared().bytesPerCycle())}, 0);
    }

    /**
     * Cycles the whole GEMM holds DRAM ([0]) and L2 ([1]): every op of every core, each rounded up to whole cycles
     * as the engine charges it. Loads hit L2 after the first touch (weights, and operands that live in DRAM, are
     * read from DRAM once per tile); stores write through to DRAM; without an L2 every load goes to DRAM.
     */
    static long[] chipBusyCycles(HardwareConfig hw, GemmContext g, TileShape t, int splits, int splitLength, int tilesM, int tilesN) {
        boolean hasL2 = hw.l2() != null;
        boolean weightA = g.weight() != null, sparse = g.sparse();
        int e = hw.dtype().bytes(), acc = hw.dtype().accumulatorBytes();
        int rowAlign = weightA ? g.weight().rowAlign() : 1, kAlign = weightA ? g.weight().kAlign() : 1;
        double dramBw = hw.dramBytesPerCycle();
        double l2Bw = hasL2 ? hw.l2().bytesPerCycle() : 1;
        long[][] ms = extents(g.m(), t.bm()), ns = extents(g.n(), t.bn());
        // K-step extents over all splits: (extent, count of (split, step) pairs).
        java.util.Map<Integer, Long> kCount = new java.util.TreeMap<>();
        for (int s = 0; s < splits; s++) {
            int len = Math.min(g.k(), (s + 1) * splitLength) - s * splitLength;
            for (long[] x : extents(len, t.bk())) kCount.merge((int) x[0], x[1], Long::sum);
        }
        boolean aDram = weightA || g.aHome() == MemoryLevel.DRAM, bDram = g.bHome() == MemoryLevel.DRAM;
        long dram = 0, l2 = 0;
        for (long[] m : ms) {
            int bm = (int) m[0];
            for (var k : kCount.entrySet()) {
                int bk = k.getKey();
                long n = m[1] * k.getValue();   // (M-tile, split, step) triples with this A tile
                long[] parts = weightA ? new long[] {g.weight().valueBytes(pad(bm, rowAlign), pad(bk, kAlign)),
                        sparse ? g.weight().metadataBytes(pad(bm, rowAlign), pad(bk, kAlign)) : 0} : new long[] {(long) bm * bk * e, 0};
                for (long b : parts) {
                    if (b == 0) continue;
                    l2 += hasL2 ? n * tilesN * CorePipeline.cycles(b, l2Bw) : 0;
                    dram += (hasL2 ? (aDram ? n : 0) : n * tilesN) * CorePipeline.cycles(b, dramBw);
                }
            }
            if (g.epilogue().contains(VectorKind.BIAS)) {
                long b = (long) bm * e;
                l2 += hasL2 ? m[1] * tilesN * CorePipeline.cycles(b, l2Bw) : 0;
                dram += (hasL2 ? m[1] : m[1] * tilesN) * CorePipeline.cycles(b, dramBw);
            }
            for (long[] nn : ns) {
                long tiles = m[1] * nn[1];
                long c = (long) bm * nn[0] * e, partial = (long) bm * nn[0] * acc;
                l2 += hasL2 ? tiles * (CorePipeline.cycles(c, l2Bw) + 2L * (splits - 1) * CorePipeline.cycles(partial, l2Bw)) : 0;
                dram += tiles * (CorePipeline.cycles(c, dramBw) + (hasL2 ? 1L : 2L) * (splits - 1) * CorePipeline.cycles(partial, dramBw));
            }
        }
        for (long[] nn : ns) {
            for (var k : kCount.entrySet()) {
                long n = nn[1] * k.getValue();
                long b = (long) k.getKey() * nn[0] * e;
                l2 += hasL2 ? n * tilesM * CorePipeline.cycles(b, l2Bw) : 0;
                dram += (hasL2 ? (bDram ? n : 0) : n * tilesM) * CorePipeline.cycles(b, dramBw);
            }
        }
        if (Double.isInfinite(dramBw)) dram = 0;
        return new long[] {dram, l2};
    }

    /** A dimension cut in tiles: (extent, count) for the full tiles and the last, shorter one. */
    private static long[][] extents(int dim, int tile) {
        int n = ceil(dim, tile);
        int last = dim - (n - 1) * tile;
        if (last == tile || n == 1) return new long[][] {{last == tile ? tile : last, n}};
        return new long[][] {{tile, n - 1}, {last, 1}};
    }

    /** Rows of the near-square grid the tensor cores of a core split a block tile into (4 → 2×2). */
    static int warpGridRows(int t) {
        int r = (int) Math.floor(Math.sqrt(t));
        while (t % r != 0) r--;
        return r;
    }

    private static int ceil(long a, long b) {
        return (int) ((a + b - 1) / b);
    }

    private static int pad(int x, int align) {
        return ceil(x, align) * align;
    }
}
