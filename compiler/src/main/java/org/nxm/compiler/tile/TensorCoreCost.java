package org.nxm.compiler.tile;

import java.util.Arrays;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.program.MemoryLevel;
import org.nxm.compiler.program.TileShape;
import org.nxm.compiler.program.VectorKind;

/**
 * The tensor-core cost model: the op sequences the scheduler gives a few of the GEMM's cores, timed by the
 * engine's law ({@link CorePipeline}) with the engine's occupancies, the cores queueing on the shared L2 and DRAM
 * pipes ({@link #estimate}); or, to rank many candidates cheaply, core 0 alone against the chip-wide bandwidth
 * bounds ({@link #quick}).
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
 * In {@link #estimate} each modelled core stands for a group of consecutive cores: its loads and stores hold L2
 * and DRAM for the whole group's cycles (each member's own first touches), so the queueing that one core alone never
 * sees (a load must find its port, L2 and DRAM idle at once; cores falling into step) is in the estimate.
 */
final class TensorCoreCost {
    private TensorCoreCost() {}

    private static final int MMA = 0, META = 1, SMEM = 2, VEC = 3, L2 = CorePipeline.L2, DRAM = CorePipeline.DRAM;
    /** Waves (one unit per core) modelled op by op; later ones repeat the last one's time. */
    static final int MODELLED_WAVES = 4;

    /** Cores of the chip modelled op by op in {@link #estimate} (the others are stood for by them on L2 and DRAM). */
    static final int SAMPLED_CORES = 16;

    /**
     * The estimate: {@link #SAMPLED_CORES} of the GEMM's cores, spread over those the first wave uses, run op by
     * op against L2 and DRAM pipes that each of them holds for as many cores as it stands for. So the queueing of
     * all cores' loads and stores on the shared pipes (a load that misses must find DRAM, L2 and its core's
     * shared port idle at once) is in the estimate, not only their bandwidth.
     */
    static CostModel.Breakdown estimate(HardwareConfig hw, GemmContext g, TileShape t, int splits, int splitLength) {
        return estimate(hw, g, t, splits, splitLength, Tiler.OPERAND_SLOTS);
    }

    /** {@link #estimate} with {@code stages} operand buffers per operand. */
    static CostModel.Breakdown estimate(HardwareConfig hw, GemmContext g, TileShape t, int splits, int splitLength, int stages) {
        return estimate(hw, g, t, splits, splitLength, SAMPLED_CORES, stages);
    }

    /**
     * A quicker estimate for ranking many candidates: the busiest core alone, its L2 and DRAM seen by it alone, and
     * the chip-wide bandwidth bounds with the tail that follows the last load.
     */
    static CostModel.Breakdown quick(HardwareConfig hw, GemmContext g, TileShape t, int splits, int splitLength) {
        return quick(hw, g, t, splits, splitLength, Tiler.OPERAND_SLOTS);
    }

    /** {@link #quick} with {@code stages} operand buffers per operand. */
    static CostModel.Breakdown quick(HardwareConfig hw, GemmContext g, TileShape t, int splits, int splitLength, int stages) {
        return estimate(hw, g, t, splits, splitLength, 1, stages);
    }

    private static CostModel.Breakdown estimate(HardwareConfig hw, GemmContext g, TileShape t, int splits, int splitLength, int sample,
                                                int stages) {
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
        double dramBw = hw.dramBytesPerCycle();
        long mmaLat = hw.mma().latencyCycles();
        int tc = hw.tensorCoresPerCore();
        int gr = warpGridRows(tc), gc = tc / gr;
        int rowAlign = weightA ? g.weight().rowAlign() : 1, kAlign = weightA ? g.weight().kAlign() : 1;
        int pn = sparse ? g.weight().pattern().n() : 1, pm = sparse ? g.weight().pattern().m() : 1;
        int indexBits = sparse ? g.weight().pattern().indexBits() : 0;

        // The cores modelled: core 0 alone (quick), or up to 'sample' of the first wave's cores, each standing for a
        // group of consecutive cores: its ops hold the L2 and DRAM pipes for the whole group's bytes (each member's
        // own hits and misses), so that the queueing on the shared pipes is the chip's.
        int active = (int) Math.min(units, cores);
        int n = Math.min(sample, active);
        int[] groupStart = new int[n + 1];
        for (int s = 0; s <= n; s++) groupStart[s] = sample == 1 ? s : (int) ((long) s * active / n);
        double l2Bw = hasL2 ? hw.l2().bytesPerCycle() : 1;
        CorePipeline pipe = new CorePipeline(n);
        int[][] mmaBack = new int[n][stages]; // the MMA that last read each operand buffer
        int[][] accReader = new int[n][2];    // the op that last read each accumulator
        for (int s = 0; s < n; s++) {
            Arrays.fill(mmaBack[s], -1);
            Arrays.fill(accReader[s], -1);
        }
        int[] parity = new int[n], accParity = new int[n];
        int lastMiss = -1, lastLoad = -1;
        // A core's units repeat the same pipeline: model the first few and extrapolate the steady state, so that the
        // cost of an estimate does not grow with the GEMM (the tiler costs hundreds of candidates per shape).
        int modelled = (int) Math.min(waves, MODELLED_WAVES);
        int[][] unitLast = new int[modelled][n];
        for (int[] row : unitLast) Arrays.fill(row, -1);
        int maxGroup = 1;
        for (int s = 0; s < n; s++) maxGroup = Math.max(maxGroup, groupStart[s + 1] - groupStart[s]);
        int[] gm0 = new int[maxGroup], gbm = new int[maxGroup], gn0 = new int[maxGroup], gbn = new int[maxGroup];
        boolean[] gaMiss = new boolean[maxGroup], gbMiss = new boolean[maxGroup];
        boolean aInDram = weightA || g.aHome() == MemoryLevel.DRAM, bInDram = g.bHome() == MemoryLevel.DRAM;
        boolean bStreams = bStreams(hw, g, t, splits, tilesN);
        for (int w = 0; w < modelled; w++) {
            for (int s = 0; s < n; s++) {
                long u = (long) w * cores + groupStart[s];
                if (u >= units) continue;
                // The group's members this wave: their tiles decide their hits and misses.
                int cnt = 0;
                for (int c = groupStart[s]; c < groupStart[s + 1]; c++) {
                    long uc = (long) w * cores + c;
                    if (uc >= units) break;
                    int tc2 = (int) (uc / splits);
                    int ti2 = tc2 / tilesN, tj2 = tc2 % tilesN;
                    gm0[cnt] = ti2 * t.bm();
                    gbm[cnt] = Math.min(t.bm(), g.m() - gm0[cnt]);
                    gn0[cnt] = tj2 * t.bn();
                    gbn[cnt] = Math.min(t.bn(), g.n() - gn0[cnt]);
                    // First touches go to DRAM (where the operand lives there).
                    gaMiss[cnt] = aInDram && tj2 == 0;
                    gbMiss[cnt] = bInDram && (ti2 == 0 || (bStreams && uc - (long) tilesN * splits < (long) w * cores));
                    cnt++;
                }
                int tileIdx = (int) (u / splits), split = (int) (u % splits);
                int tj = tileIdx % tilesN;
                int bm = gbm[0], bn = gbn[0];
                int kStart = split * splitLength, kEnd = Math.min(g.k(), kStart + splitLength);
                int accS = accParity[s];
                accParity[s] ^= 1;
                int prev = -1;
                for (int k0 = kStart; k0 < kEnd; k0 += t.bk()) {
                    int bk = Math.min(t.bk(), kEnd - k0);
                    int p = parity[s];
                    parity[s] = (p + 1) % stages;
                    int[] reuse = {mmaBack[s][p]};
                    int la, lm = -1;
                    int pr = pad(bm, rowAlign), pk = pad(bk, kAlign);
                    long vb = weightA ? g.weight().valueBytes(pr, pk) : (long) bm * bk * e;
                    la = load(pipe, s, hw, vb, cnt * CorePipeline.cycles(vb, l2Bw), missCycles(hw, vb, k0, bk, cnt, gm0, gbm, gaMiss), reuse);
                    if (sparse) {
                        long mb = g.weight().metadataBytes(pr, pk);
                        lm = load(pipe, s, hw, mb, cnt * CorePipeline.cycles(mb, l2Bw), missCycles(hw, mb, k0, bk, cnt, gm0, gbm, gaMiss), reuse);
                    }
                    if (pipe.holdsDram(la)) lastMiss = sparse ? lm : la;
                    long bb = (long) bk * bn * e;
                    int lb = load(pipe, s, hw, bb, cnt * CorePipeline.cycles(bb, l2Bw), missCycles(hw, bb, k0, bk, cnt, gn0, gbn, gbMiss), reuse);
                    if (pipe.holdsDram(lb)) lastMiss = lb;
                    lastLoad = lb;
                    long instr = (long) ceil(bm, hw.mma().m()) * ceil(bn, hw.mma().n()) * ceil(bk, sparse ? (long) hw.mma().k() * pm / pn : hw.mma().k());
                    long pipeCycles = ceil(instr * hw.mma().issueIntervalCycles(), tc);
                    long kept = sparse ? (long) bk / pm * pn : bk;
                    long act = (long) gc * bn * bk * e, wgt = (long) gr * bm * kept * e;
                    long meta = sparse ? ceil((long) gr * bm * kept * indexBits, 8) : 0;
                    int[] deps = {la, lm, lb, prev >= 0 ? prev : accReader[s][accS]};
                    int mma = sparse
                            ? pipe.add(s, deps, new int[] {MMA, META, SMEM}, new long[] {pipeCycles,
                                    CorePipeline.cycles(meta, hw.metadataBytesPerCycle()), CorePipeline.cycles(act + wgt + meta, smemBw)}, 0)
                            : pipe.add(s, deps, new int[] {MMA, SMEM}, new long[] {pipeCycles, CorePipeline.cycles(act + wgt, smemBw)}, 0);
                    mmaBack[s][p] = mma;
                    prev = mma;
                }
                pipe.addLatency(prev, mmaLat);
                if (split > 0) {
                    accReader[s][accS] = store(pipe, s, hw, (long) bm * bn * acc, cnt, new int[] {prev});
                    unitLast[w][s] = accReader[s][accS];
                    continue;
                }
                // The owner finishes the tile once the wave is done: reduce the other splits, epilogue, store.
                int tail = prev;
                if (splits > 1) {
                    int others = Math.min(splits, (int) Math.min(Integer.MAX_VALUE, units - (long) tileIdx * splits)) - 1;
                    int[] in = new int[others + 1];
                    for (int o = 0; o < others; o++) {
                        long pb = (long) bm * bn * acc;
                        // the partial was stored through L2 a moment ago: a hit
                        in[o] = load(pipe, s, hw, pb, cnt * CorePipeline.cycles(pb, l2Bw), hasL2 ? 0 : cnt * CorePipeline.cycles(pb, dramBw), new int[] {tail});
                    }
                    in[others] = tail;
                    long elements = (long) bm * bn * others;
                    tail = vector(pipe, s, hw, elements, 1, in);
                }
                for (VectorKind kind : g.epilogue()) {
                    int[] in = {tail};
                    if (kind == VectorKind.BIAS) {
                        long bb = (long) bm * e;
                        in = new int[] {tail, load(pipe, s, hw, bb, cnt * CorePipeline.cycles(bb, l2Bw),
                                !hasL2 || tj == 0 ? cnt * CorePipeline.cycles(bb, dramBw) : 0, new int[] {tail})};
                    }
                    tail = vector(pipe, s, hw, (long) bm * bn, kind.opsPerElement(), in);
                }
                accReader[s][accS] = store(pipe, s, hw, (long) bm * bn * e, cnt, new int[] {tail});
                unitLast[w][s] = accReader[s][accS];
            }
        }
        CorePipeline.Times times = pipe.run();
        long end = times.end();
        long core = end;
        if (waves > modelled) {
            long perWave = waveEnd(times, unitLast[modelled - 1]) - waveEnd(times, unitLast[modelled - 2]);
            core += (waves - modelled) * perWave;
        }

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
                ? (weightA || g.aHome() == MemoryLevel.DRAM ? aAll : 0) + (g.bHome() == MemoryLevel.DRAM ? Math.round(bAll * bPasses(hw, g, t, splits, tilesM, tilesN)) : 0)
                        + cAll + partials
                        + (bias > 0 ? (long) g.m() * e : 0)
                : l2Bytes;
        // The chip-wide pipes serve one op at a time, each for its bytes at the pipe's rate but at least a cycle
        // (the engine's rounding): many small tiles make L2 and DRAM op-bound rather than byte-bound.
        long[] busy = chipBusyCycles(hw, g, t, splits, splitLength, tilesM, tilesN);
        long dramPlain = Double.isInfinite(dramBw) ? 0 : busy[0];
        long l2Plain = hasL2 ? busy[1] : 0;
        long total;
        if (sample == 1) {
            // Where DRAM or L2 binds, the cores' loads queue behind each other's: the last core to be served starts its
            // last load after the others' bytes have streamed, and then runs what core 0 runs after its last load.
            long dramTail = lastMiss >= 0 ? end - times.start()[lastMiss] : 0;
            long l2Tail = lastLoad >= 0 ? end - times.start()[lastLoad] : 0;
            // The cycles this core holds the pipes from its last load on are in its tail already.
            long dramCycles = Double.isInfinite(dramBw) || lastMiss < 0 ? 0 : Math.max(0, busy[0] - pipe.dramCyclesFrom(lastMiss)) + dramTail;
            long l2Cycles = hasL2 && lastLoad >= 0 ? Math.max(0, busy[1] - pipe.l2CyclesFrom(lastLoad)) + l2Tail : 0;
            total = Math.max(core, Math.max(dramCycles, l2Cycles));
        } else {
            total = Math.max(core, Math.max(dramPlain, l2Plain));
        }
        // The parts: the plain bandwidth times, and as "fill" what the tails add beyond the largest of them, so that
        // max(compute, dram, l2) + fill = total, and concurrent GEMMs (attention heads) can add up their bytes.
        long fill = total - Math.max(core, Math.max(dramPlain, l2Plain));
        return new CostModel.Breakdown(core, dramPlain, l2Plain, fill, dramBytes, hasL2 ? l2Bytes : 0, total);
    }

    /** When the last of a wave's modelled units finished. */
    private static long waveEnd(CorePipeline.Times times, int[] lastOps) {
        long e = 0;
        for (int op : lastOps) if (op >= 0) e = Math.max(e, times.finish()[op]);
        return e;
    }

    /**
     * A load of {@code bytes} into a core's shared buffer, holding L2 for {@code l2Cycles} and DRAM for
     * {@code dramCycles} (the cycles of the cores it stands for; no DRAM when all of them hit). Without an L2 every
     * load goes to DRAM.
     */
    private static int load(CorePipeline pipe, int core, HardwareConfig hw, long bytes, long l2Cycles, long dramCycles, int[] deps) {
        long smem = CorePipeline.cycles(bytes, hw.shared().bytesPerCycle());
        int op;
        if (hw.l2() == null) {
            op = pipe.add(core, deps, new int[] {DRAM, SMEM}, new long[] {dramCycles, smem}, hw.dram().latencyCycles());
        } else if (dramCycles == 0) {
            op = pipe.add(core, deps, new int[] {L2, SMEM}, new long[] {l2Cycles, smem}, 0);
        } else {
            op = pipe.add(core, deps, new int[] {DRAM, L2, SMEM}, new long[] {dramCycles, l2Cycles, smem}, hw.dram().latencyCycles());
        }
        pipe.traffic(op, dramCycles, hw.l2() == null ? 0 : l2Cycles);
        return op;
    }

    /**
     * DRAM cycles of one K-step's loads of an operand tile for the {@code cnt} cores of a group: each member's miss
     * (its first touch, {@code miss[j]}) of the part of its tile in L2 sectors no earlier tile touched; every byte
     * without an L2.
     */
    private static long missCycles(HardwareConfig hw, long bytes, int k0, int bk, int cnt, int[] start, int[] extent, boolean[] miss) {
        double dramBw = hw.dramBytesPerCycle();
        if (hw.l2() == null) return cnt * CorePipeline.cycles(bytes, dramBw);
        long sum = 0;
        for (int j = 0; j < cnt; j++) {
            if (!miss[j]) continue;
            long fresh = (long) fresh(start[j], extent[j]) * fresh(k0, bk);
            if (fresh > 0) sum += CorePipeline.cycles(part(bytes, fresh, (long) extent[j] * bk), dramBw);
        }
        return sum;
    }

    /**
     * The engine's L2 sector: {@code SECTOR} × {@code SECTOR} elements of a tensor (the simulator's {@code LruL2.SECTOR});
     * a tile that shares a sector with a lower one finds that part resident.
     */
    static final int SECTOR = 8;

    /** Of a tile's extent [start, start + extent) along one dimension, how much lies in L2 sectors no lower tile touched. */
    static int fresh(int start, int extent) {
        int firstNew = (start + SECTOR - 1) / SECTOR * SECTOR;
        return Math.max(0, start + extent - Math.max(start, firstNew));
    }

    /** {@code bytes × part / whole}, rounded up as the engine rounds a partial miss. */
    private static long part(long bytes, long part, long whole) {
        return part >= whole ? bytes : (long) Math.ceil((double) part * bytes / whole);
    }

    /** A store of {@code bytes} from a core's accumulator, written through L2 to DRAM, for {@code cnt} cores. */
    private static int store(CorePipeline pipe, int core, HardwareConfig hw, long bytes, int cnt, int[] deps) {
        long smem = CorePipeline.cycles(bytes, hw.shared().bytesPerCycle());
        long dram = cnt * CorePipeline.cycles(bytes, hw.dramBytesPerCycle());
        int op;
        long l2 = 0;
        if (hw.l2() == null) {
            op = pipe.add(core, deps, new int[] {SMEM, DRAM}, new long[] {smem, dram}, 0);
        } else {
            l2 = cnt * CorePipeline.cycles(bytes, hw.l2().bytesPerCycle());
            op = pipe.add(core, deps, new int[] {SMEM, L2, DRAM}, new long[] {smem, l2, dram}, 0);
        }
        pipe.traffic(op, dram, l2);
        return op;
    }

    /** A vector pass over the accumulator: the vector unit, and the shared port for reading and writing it. */
    private static int vector(CorePipeline pipe, int core, HardwareConfig hw, long elements, int opsPerElement, int[] deps) {
        return pipe.add(core, deps, new int[] {VEC, SMEM}, new long[] {CorePipeline.cycles((double) elements * opsPerElement,
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
        // Tiles of each dimension grouped by (extent, extent in sectors no lower tile touched): count.
        java.util.Map<Long, Long> mCut = cuts(new int[] {0}, new int[] {g.m()}, t.bm()), nCut = cuts(new int[] {0}, new int[] {g.n()}, t.bn());
        int[] ks = new int[splits], ke = new int[splits];
        for (int s = 0; s < splits; s++) {
            ks[s] = s * splitLength;
            ke[s] = Math.min(g.k(), (s + 1) * splitLength);
        }
        java.util.Map<Long, Long> kCut = cuts(ks, ke, t.bk());
        boolean aDram = weightA || g.aHome() == MemoryLevel.DRAM, bDram = g.bHome() == MemoryLevel.DRAM;
        double bPasses = bPasses(hw, g, t, splits, tilesM, tilesN);
        long dram = 0, l2 = 0;
        for (var m : mCut.entrySet()) {
            int bm = (int) (m.getKey() >> 32), mNew = (int) (long) m.getKey();
            for (var k : kCut.entrySet()) {
                int bk = (int) (k.getKey() >> 32), kNew = (int) (long) k.getKey();
                long n = m.getValue() * k.getValue();   // (M-tile, split, step) triples with this A tile
                long[] parts = weightA ? new long[] {g.weight().valueBytes(pad(bm, rowAlign), pad(bk, kAlign)),
                        sparse ? g.weight().metadataBytes(pad(bm, rowAlign), pad(bk, kAlign)) : 0} : new long[] {(long) bm * bk * e, 0};
                for (long b : parts) {
                    if (b == 0) continue;
                    l2 += hasL2 ? n * tilesN * CorePipeline.cycles(b, l2Bw) : 0;
                    if (!hasL2) dram += n * tilesN * CorePipeline.cycles(b, dramBw);
                    else if (aDram && (long) mNew * kNew > 0) dram += n * CorePipeline.cycles(part(b, (long) mNew * kNew, (long) bm * bk), dramBw);
                }
            }
        }
        for (long[] m : ms) {
            int bm = (int) m[0];
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
        for (var nn : nCut.entrySet()) {
            int bn = (int) (nn.getKey() >> 32), nNew = (int) (long) nn.getKey();
            for (var k : kCut.entrySet()) {
                int bk = (int) (k.getKey() >> 32), kNew = (int) (long) k.getKey();
                long n = nn.getValue() * k.getValue();
                long b = (long) bk * bn * e;
                l2 += hasL2 ? n * tilesM * CorePipeline.cycles(b, l2Bw) : 0;
                if (!hasL2) dram += n * tilesM * CorePipeline.cycles(b, dramBw);
                else if (bDram && (long) nNew * kNew > 0) {
                    dram += Math.round((double) n * bPasses * CorePipeline.cycles(part(b, (long) nNew * kNew, (long) bk * bn), dramBw));
                }
            }
        }
        if (Double.isInfinite(dramBw)) dram = 0;
        return new long[] {dram, l2};
    }

    /**
     * Whether B, living in DRAM, is read from DRAM again in every wave: a wave's units cover a few rows of tiles
     * whose cores read each B tile one after another (hits after the first), but between two waves the whole of B,
     * the wave's rows of A and of C pass through the L2; when they exceed it, the LRU (the simulator's L2 follows
     * the program order) has evicted B's tiles before the next wave reads them.
     */
    static boolean bStreams(HardwareConfig hw, GemmContext g, TileShape t, int splits, int tilesN) {
        if (hw.l2() == null || g.bHome() != MemoryLevel.DRAM) return false;
        int e = hw.dtype().bytes();
        long aRow = g.weight() != null ? g.weight().valueBytes(t.bm(), g.k()) + g.weight().metadataBytes(t.bm(), g.k()) : (long) t.bm() * g.k() * e;
        long rowsPerWave = Math.max(1, ceil(g.cores(), (long) tilesN * splits));
        return (long) g.k() * g.n() * e + rowsPerWave * (aRow + (long) t.bm() * g.n() * e) > hw.l2().capacityBytes();
    }

    /** Times B is read from DRAM: once, or, where it streams, once per wave for each column of tiles. */
    static double bPasses(HardwareConfig hw, GemmContext g, TileShape t, int splits, int tilesM, int tilesN) {
        if (!bStreams(hw, g, t, splits, tilesN)) return 1;
        long misses = 0;
        long row = (long) tilesN * splits;
        for (int ti = 0; ti < tilesM; ti++) {
            for (int tj = 0; tj < tilesN; tj++) {
                long u = (ti * (long) tilesN + tj) * splits;
                if (ti == 0 || (u - row) / g.cores() < u / g.cores()) misses++;
            }
        }
        return (double) misses / tilesN;
    }

    /**
     * The tiles of the ranges [starts[i], ends[i]) cut at {@code tile}, grouped by (extent &lt;&lt; 32 | extent in sectors
     * no lower tile of the range touched), with their counts.
     */
    private static java.util.Map<Long, Long> cuts(int[] starts, int[] ends, int tile) {
        java.util.Map<Long, Long> out = new java.util.HashMap<>();
        for (int r = 0; r < starts.length; r++) {
            for (int x = starts[r]; x < ends[r]; x += tile) {
                int ext = Math.min(tile, ends[r] - x);
                out.merge(((long) ext << 32) | fresh(x, ext), 1L, Long::sum);
            }
        }
        return out;
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
