package org.nxm.simulator.systolic;

import org.nxm.compiler.hardware.Dataflow;

import org.nxm.model.sparsity.NmPattern;

/**
 * The event-driven systolic-array model: SCALE-Sim v2's cycle counts, stalls and memory traffic
 * from fold and fill arithmetic.
 *
 * <p>Without a DRAM bandwidth limit (SCALE-Sim's CALC) reads never stall, so only the OFMAP lines
 * are visited (to drive the write buffer, whose drains can stall) and each read operand's DRAM
 * traffic is settled sweep by sweep ({@link EpochTracker}). With a limit (USER) every line is one
 * O(1) event per operand: its words are a consecutive range of the prefetch order, so the buffer
 * decides hit or prefetch on set indices ({@link PrefetchWindow}); no address is ever generated.
 *
 * <p>N:M layers run as the compressed GEMM (K' = ⌈K/m⌉·n) on a VEGETA/S2TA-style array: each PE
 * row holds kept FILTER values and selects its activation from the m-wide group by metadata, so
 * fold counts shrink by about m/n while the IFMAP words read stay those of the dense K (each
 * m-group of activations is read once and broadcast); metadata bits are reported beside.
 */
public final class SystolicEngine {
    private final ScaleSimVariant variant;

    public SystolicEngine() { this(ScaleSimVariant.V2_0_2); }

    public SystolicEngine(ScaleSimVariant variant) { this.variant = variant; }

    /** Whether the event-driven model covers this layer exactly (its IFMAP operand has no repeated or missing addresses). */
    public static boolean covers(Layer l) {
        int oh = l.ofmapH(), ow = l.ofmapW();
        boolean rowsOk = l.filterH() <= l.strideH() || oh == 1;
        boolean colsOk = l.filterW() <= l.strideW() || ow == 1;
        boolean inBounds = (long) (oh - 1) * l.strideH() + l.filterH() <= l.ifmapH()
                && (long) (ow - 1) * l.strideW() + l.filterW() <= l.ifmapW();
        return rowsOk && colsOk && inBounds;
    }

    public LayerResult run(SystolicConfig cfg, Layer layer) {
        return run(cfg, layer, SystolicEvents.NONE);
    }

    /**
     * Runs one layer, reporting folds, stalls and DRAM transfers to {@code events} (layers the
     * reference engine runs report nothing but begin/end).
     */
    public LayerResult run(SystolicConfig cfg, Layer layer, SystolicEvents events) {
        NmPattern sp = layer.sparsity();
        if (sp != null && !sp.isDense()) return runSparse(cfg, layer, sp, events);
        if (!covers(layer)) return reference(cfg, layer, events);
        return runDense(cfg, layer, events);
    }

    private LayerResult reference(SystolicConfig cfg, Layer layer, SystolicEvents events) {
        LayerResult r = new ReferenceEngine(variant).run(cfg, layer);
        long lead = Math.max(0, -Math.min(r.ifmapDram().start(), r.filterDram().start()));
        events.begin(layer, lead);
        events.end(r.totalCycles(), r.ofmapDram().stop());
        return r;
    }

    private LayerResult runSparse(SystolicConfig cfg, Layer layer, NmPattern sp, SystolicEvents events) {
        int k = layer.k();
        int kc = FoldGeometry.ceilDiv(k, sp.m()) * sp.n();
        Layer compressed = Layer.gemm(layer.name(), layer.m(), layer.n(), kc);
        LayerResult r = covers(layer) ? runDense(cfg, compressed, events) : reference(cfg, compressed, events);
        long bits = sp.indexBits();
        double scale = (double) k / kc;
        // IFMAP words are those of the dense K: every m-group is read once and broadcast to the PEs that select from it.
        LayerResult.Access ifS = new LayerResult.Access(r.ifmapSram().start(), r.ifmapSram().stop(),
                Math.round(r.ifmapSram().words() * scale));
        LayerResult.Access ifD = new LayerResult.Access(r.ifmapDram().start(), r.ifmapDram().stop(),
                Math.round(r.ifmapDram().words() * scale));
        var sparsity = new LayerResult.Sparsity(sp.toString(), k, (long) kc * layer.n() * bits,
                r.filterSram().words() * bits, r.filterDram().words() * bits);
        return new LayerResult(layer.name(), layer.m(), layer.n(), k, r.totalCycles(), r.stallCycles(),
                // useful MACs are the kept ones: M·N·K'
                (double) layer.m() * layer.n() * kc * 100.0 / ((double) r.totalCycles() * cfg.rows() * cfg.cols()),
                r.mappingEffPct(), r.computeUtilPct(), ifS, r.filterSram(), r.ofmapSram(), ifD, r.filterDram(), r.ofmapDram(),
                sparsity);
    }

    private LayerResult runDense(SystolicConfig cfg, Layer layer, SystolicEvents events) {
        FoldGeometry g = new FoldGeometry(cfg, layer);
        OperandFeed ifFeed = OperandFeed.ifmap(g), fiFeed = OperandFeed.filter(g);
        long ofWords = cfg.ofmapSramKb() * 1024L;
        WriteBuffer wb = new WriteBuffer(ofWords, cfg.userBandwidth() ? cfg.bandwidth() : cfg.cols(), DramTraceSink.NONE);
        wb.events(events);
        Run run = cfg.userBandwidth()
                ? runUser(cfg, g, ifFeed, fiFeed, wb, events)
                : runCalc(cfg, g, ifFeed, fiFeed, wb, events);
        wb.drainAll(run.total);
        events.end(run.total, wb.dramStop == Long.MIN_VALUE ? run.total : wb.dramStop);
        FoldStatistics fs = new FoldStatistics(g);
        return new LayerResult(layer.name(), layer.m(), layer.n(), layer.k(), run.total, run.stalls,
                layer.macs() * 100.0 / ((double) run.total * cfg.rows() * cfg.cols()), fs.mappingEffPct, fs.computeUtilPct,
                new LayerResult.Access(run.ifSram[0], run.ifSram[1], fs.ifmapSramReads),
                new LayerResult.Access(run.fiSram[0], run.fiSram[1], fs.filterSramReads),
                new LayerResult.Access(run.ofSram[0], run.ofSram[1], fs.ofmapSramWrites),
                run.ifDram, run.fiDram, new LayerResult.Access(wb.dramStart, wb.dramStop, wb.numAccess),
                LayerResult.Sparsity.DENSE);
    }

    /** What a run yields besides the write buffer's own figures. */
    private static final class Run {
        long total, stalls;
        final long[] ifSram = {Long.MIN_VALUE, 0}, fiSram = {Long.MIN_VALUE, 0}, ofSram = {Long.MIN_VALUE, 0};
        LayerResult.Access ifDram, fiDram;
    }

    private static void served(long[] span, long cycle) {
        if (span[0] == Long.MIN_VALUE) span[0] = cycle;
        span[1] = cycle;
    }

    /** OFMAP words on line tau of fold (fr, fc): a skewed block entering at line p0. */
    private static long ofmapWords(FoldGeometry g, int fr, int fc, int tau) {
        if (g.dataflow == Dataflow.OS) {
            int ru = g.rowsUsed(fr);
            return Skew.count(tau - (g.t - 1 + g.rows - ru), ru, g.colsUsed(fc));
        }
        return Skew.count(tau - (2L * g.rows - 1), g.t, g.colsUsed(fc));
    }

    private static int ofmapFirstLine(FoldGeometry g, int fr) {
        return g.dataflow == Dataflow.OS ? g.t - 1 + g.rows - g.rowsUsed(fr) : 2 * g.rows - 1;
    }

    private static int ofmapLastLine(FoldGeometry g, int fr, int fc) {
        return g.dataflow == Dataflow.OS ? g.t - 1 + g.rows - 1 + g.colsUsed(fc) - 1
                : 2 * g.rows - 1 + g.t + g.colsUsed(fc) - 2;
    }

    // ------------------------------------------------------------------ CALC

    private static long foldMacs(FoldGeometry g, int fr, int fc) {
        return (long) g.rowsUsed(fr) * g.colsUsed(fc) * g.t;
    }

    private Run runCalc(SystolicConfig cfg, FoldGeometry g, OperandFeed ifFeed, OperandFeed fiFeed, WriteBuffer wb,
                        SystolicEvents events) {
        Run run = new Run();
        if (events != SystolicEvents.NONE) {
            // DRAM fills start before cycle 0 independently of later stalls: settle them first to know how far.
            StallHistory none = new StallHistory();
            long s1 = epochs(g, ifFeed, cfg.ifmapSramKb() * 1024L, none).start();
            long s2 = epochs(g, fiFeed, cfg.filterSramKb() * 1024L, none).start();
            events.begin(g.layer(), Math.max(0, -Math.min(s1, s2)));
        }
        int L = g.foldLines();
        long stalls = 0;
        // Stall history (line after which a stall was added, cumulative stalls) to place DRAM events in time.
        StallHistory history = new StallHistory();
        long lastLine = g.totalLines() - 1, lastOut = Long.MIN_VALUE;
        long base = 0;
        for (int fc = 0; fc < g.colFolds; fc++) {
            for (int fr = 0; fr < g.rowFolds; fr++, base += L) {
                events.fold(base + stalls, L, foldMacs(g, fr, fc));
                int a = ofmapFirstLine(g, fr), b = ofmapLastLine(g, fr, fc);
                for (int tau = a; tau <= b; tau++) {
                    long words = ofmapWords(g, fr, fc, tau);
                    long cycle = base + tau + stalls;
                    long out = wb.write(words, cycle);
                    served(run.ofSram, out);
                    long st = Math.max(0, out - cycle - variant.ofmapStallBias);
                    if (base + tau == lastLine) lastOut = out;
                    if (st != 0) {
                        events.stall(cycle + 1, st);
                        stalls += st;
                        history.add(base + tau, stalls);
                    }
                }
            }
        }
        run.stalls = stalls;
        run.total = lastOut != Long.MIN_VALUE ? lastOut : lastLine + stalls;
        spanCalc(g, ifFeed, history, run.ifSram);
        spanCalc(g, fiFeed, history, run.fiSram);
        run.ifDram = epochs(g, ifFeed, cfg.ifmapSramKb() * 1024L, history);
        run.fiDram = epochs(g, fiFeed, cfg.filterSramKb() * 1024L, history);
        // CALC books each operand's DRAM reads as one window (SCALE-Sim spreads them evenly over it).
        events.dram(SystolicEvents.Operand.IFMAP, run.ifDram.start(), run.ifDram.stop() - run.ifDram.start() + 1, run.ifDram.words());
        events.dram(SystolicEvents.Operand.FILTER, run.fiDram.start(), run.fiDram.stop() - run.fiDram.start() + 1, run.fiDram.words());
        return run;
    }

    /** First and last SRAM read cycles of an operand in CALC mode (served one cycle after the request). */
    private static void spanCalc(FoldGeometry g, OperandFeed f, StallHistory h, long[] span) {
        long L = g.foldLines();
        long first = f.firstLine(0, 0);
        int lr = g.rowFolds - 1, lc = g.colFolds - 1;
        long last = (long) (g.folds() - 1) * L + f.lastLine(lr, lc);
        span[0] = h.cycle(first) + 1;
        span[1] = h.cycle(last) + 1;
    }

    private static LayerResult.Access epochs(FoldGeometry g, OperandFeed f, long sizeWords, StallHistory h) {
        EpochTracker t = new EpochTracker(sizeWords);
        long L = g.foldLines();
        long lastTriggerLine = -1;
        int foldIndex = 0;
        for (int fc = 0; fc < g.colFolds; fc++) {
            switch (f.sweep) {
                case WHOLE_PER_COLUMN_FOLD -> {
                    long size = 0;
                    for (int fr = 0; fr < g.rowFolds; fr++) size += f.foldWords(fr, fc);
                    long idx = t.sweep("all", size);
                    if (idx >= 0) {
                        int fr = 0;
                        while (idx >= f.foldWords(fr, fc)) { idx -= f.foldWords(fr, fc); fr++; }
                        lastTriggerLine = (long) (foldIndex + fr) * L + f.lineOfWord(fr, fc, idx);
                    }
                    foldIndex += g.rowFolds;
                }
                case SLICE_PER_ROW_FOLD, FRESH -> {
                    for (int fr = 0; fr < g.rowFolds; fr++, foldIndex++) {
                        Object key = f.sweep == OperandFeed.SweepKind.FRESH ? (Object) (long) foldIndex : (Object) fc;
                        long idx = t.sweep(key, f.foldWords(fr, fc));
                        if (idx >= 0) lastTriggerLine = (long) foldIndex * L + f.lineOfWord(fr, fc, idx);
                    }
                }
            }
        }
        long firstRequest = h.cycle(f.firstLine(0, 0));
        var w = EstimateReadBuffer.window(t.adds, t.triggers, firstRequest,
                lastTriggerLine < 0 ? 0 : h.cycle(lastTriggerLine), t.perSet);
        return new LayerResult.Access(w.start(), w.stop(), w.words());
    }

    // ------------------------------------------------------------------ USER

    private Run runUser(SystolicConfig cfg, FoldGeometry g, OperandFeed ifFeed, OperandFeed fiFeed, WriteBuffer wb,
                        SystolicEvents events) {
        Run run = new Run();
        PrefetchWindow ifWin = new PrefetchWindow(cfg.ifmapSramKb() * 1024L, cfg.bandwidth(), ifFeed.validWords, ifFeed.fetchLength);
        PrefetchWindow fiWin = new PrefetchWindow(cfg.filterSramKb() * 1024L, cfg.bandwidth(), fiFeed.validWords, fiFeed.fetchLength);
        events.begin(g.layer(), Math.max(ifWin.fillLines, fiWin.fillLines));
        ifWin.events(events, SystolicEvents.Operand.IFMAP);
        fiWin.events(events, SystolicEvents.Operand.FILTER);
        ifWin.fill(0);
        fiWin.fill(0);
        int L = g.foldLines();
        long stalls = 0, line = 0, lastOut = 0;
        boolean negative = variant.negativeReadOffsets;
        for (int fc = 0; fc < g.colFolds; fc++) {
            for (int fr = 0; fr < g.rowFolds; fr++) {
                int ifA = ifFeed.firstLine(fr, fc), ifB = ifFeed.lastLine(fr, fc);
                int fiA = fiFeed.firstLine(fr, fc), fiB = fiFeed.lastLine(fr, fc);
                int ofA = ofmapFirstLine(g, fr), ofB = ofmapLastLine(g, fr, fc);
                events.fold(line + stalls, L, foldMacs(g, fr, fc));
                for (int tau = 0; tau < L; tau++, line++) {
                    long cycle = line + stalls;
                    long ifSt = 0, fiSt = 0, ofSt = -variant.ofmapStallBias;
                    if (tau >= ifA && tau <= ifB) {
                        long n = ifFeed.lineWords(fr, fc, tau);
                        long lo = ifFeed.firstPosition(fr, fc, tau);
                        long out = ifWin.request(lo, lo + n - 1) > 0
                                ? (negative ? ifWin.lastPrefetchCycle : Math.max(cycle + 1, ifWin.lastPrefetchCycle))
                                : cycle + 1;
                        ifSt = out - cycle - 1;
                        served(run.ifSram, out);
                    }
                    if (tau >= fiA && tau <= fiB) {
                        long n = fiFeed.lineWords(fr, fc, tau);
                        long lo = fiFeed.firstPosition(fr, fc, tau);
                        long out = fiWin.request(lo, lo + n - 1) > 0
                                ? (negative ? fiWin.lastPrefetchCycle : Math.max(cycle + 1, fiWin.lastPrefetchCycle))
                                : cycle + 1;
                        fiSt = out - cycle - 1;
                        served(run.fiSram, out);
                    }
                    long ofOut = cycle;
                    if (tau >= ofA && tau <= ofB) {
                        ofOut = wb.write(ofmapWords(g, fr, fc, tau), cycle);
                        ofSt = ofOut - cycle - variant.ofmapStallBias;
                        served(run.ofSram, ofOut);
                    }
                    long st = Math.max(Math.max(ifSt, fiSt), ofSt);
                    if (st > 0) events.stall(cycle + 1, st);
                    stalls += st;
                    lastOut = ofOut;
                }
            }
        }
        run.stalls = stalls;
        run.total = lastOut;
        run.ifDram = new LayerResult.Access(ifWin.dramStart, ifWin.dramStop, ifWin.dramWords());
        run.fiDram = new LayerResult.Access(fiWin.dramStart, fiWin.dramStop, fiWin.dramWords());
        return run;
    }
}
