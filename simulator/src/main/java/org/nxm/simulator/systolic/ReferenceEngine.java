package org.nxm.simulator.systolic;

/**
 * The cycle-stepped reference: replays SCALE-Sim v2's memory system line by line and address by
 * address (every IFMAP/FILTER read and OFMAP write the array issues, in order), with the same
 * buffers, prefetches, drains and stall rules. Slow (it touches every word) and used on small
 * cases to pin the event-driven {@link SystolicEngine}, which must agree with it exactly.
 */
public final class ReferenceEngine {
    private final ScaleSimVariant variant;

    public ReferenceEngine() { this(ScaleSimVariant.V2_0_2); }

    public ReferenceEngine(ScaleSimVariant variant) { this.variant = variant; }

    public LayerResult run(SystolicConfig cfg, Layer layer) {
        return run(cfg, layer, null);
    }

    /** Runs one dense layer; {@code lines} (nullable) receives every line's SRAM traffic. */
    public LayerResult run(SystolicConfig cfg, Layer layer, SramTraceSink lines) {
        return run(cfg, layer, lines, DramTraceSink.NONE, DramTraceSink.NONE, DramTraceSink.NONE);
    }

    /** Runs one dense layer, streaming SRAM lines and DRAM transfers to the sinks (traces). */
    public LayerResult run(SystolicConfig cfg, Layer layer, SramTraceSink lines,
                           DramTraceSink ifDramTrace, DramTraceSink fiDramTrace, DramTraceSink ofDramTrace) {
        FoldGeometry g = new FoldGeometry(cfg, layer);
        long ifWords = cfg.ifmapSramKb() * 1024L, fiWords = cfg.filterSramKb() * 1024L, ofWords = cfg.ofmapSramKb() * 1024L;
        UserReadBuffer ifUser = null, fiUser = null;
        EstimateReadBuffer ifEst = null, fiEst = null;
        if (cfg.userBandwidth()) {
            ifUser = new UserReadBuffer(ifWords, cfg.bandwidth(), UserReadBuffer.collect(g::ifmapFetchOrder),
                    variant.negativeReadOffsets, ifDramTrace);
            fiUser = new UserReadBuffer(fiWords, cfg.bandwidth(), UserReadBuffer.collect(g::filterFetchOrder),
                    variant.negativeReadOffsets, fiDramTrace);
        } else {
            ifEst = new EstimateReadBuffer(ifWords, ifDramTrace);
            fiEst = new EstimateReadBuffer(fiWords, fiDramTrace);
        }
        WriteBuffer of = new WriteBuffer(ofWords, cfg.userBandwidth() ? cfg.bandwidth() : cfg.cols(), ofDramTrace);
        LongFifo written = null;
        if (ofDramTrace != DramTraceSink.NONE) {
            written = new LongFifo();
            of.traceAddresses(written);
        }

        long[] ifLine = new long[g.ifmapWidth()], fiLine = new long[g.filterWidth()], ofLine = new long[g.ofmapWidth()];
        long stalls = 0, lineNo = 0, lastOf = 0;
        long[] ifSpan = {Long.MIN_VALUE, 0}, fiSpan = {Long.MIN_VALUE, 0}, ofSpan = {Long.MIN_VALUE, 0};
        int foldLines = g.foldLines();
        for (int fc = 0; fc < g.colFolds; fc++) {
            for (int fr = 0; fr < g.rowFolds; fr++) {
                for (int tau = 0; tau < foldLines; tau++, lineNo++) {
                    long cycle = lineNo + stalls;
                    g.ifmapLine(fr, fc, tau, ifLine);
                    g.filterLine(fr, fc, tau, fiLine);
                    g.ofmapLine(fr, fc, tau, ofLine);
                    long ifOut = ifUser != null ? ifUser.serve(ifLine, ifLine.length, cycle) : ifEst.serve(ifLine, ifLine.length, cycle);
                    long fiOut = fiUser != null ? fiUser.serve(fiLine, fiLine.length, cycle) : fiEst.serve(fiLine, fiLine.length, cycle);
                    int ofCount = 0;
                    for (long a : ofLine) {
                        if (a != -1) {
                            ofCount++;
                            if (written != null) written.add(a);
                        }
                    }
                    long ofOut = of.write(ofCount, cycle);
                    span(ifSpan, ifLine, ifOut);
                    span(fiSpan, fiLine, fiOut);
                    span(ofSpan, ofLine, ofOut);
                    if (lines != null) lines.line(ifOut, ifLine, fiOut, fiLine, ofOut, ofLine);
                    stalls += Math.max(Math.max(ifOut - cycle - 1, fiOut - cycle - 1), ofOut - cycle - variant.ofmapStallBias);
                    lastOf = ofOut;
                }
            }
        }
        of.drainAll(lastOf);
        if (ifEst != null) { ifEst.finish(); fiEst.finish(); }
        FoldStatistics fs = new FoldStatistics(g);
        long total = lastOf;
        LayerResult.Access ifDram, fiDram;
        if (ifUser != null) {
            ifDram = new LayerResult.Access(ifUser.dramStart, ifUser.dramStop, ifUser.numAccess);
            fiDram = new LayerResult.Access(fiUser.dramStart, fiUser.dramStop, fiUser.numAccess);
        } else {
            var a = ifEst.window();
            var b = fiEst.window();
            ifDram = new LayerResult.Access(a.start(), a.stop(), a.words());
            fiDram = new LayerResult.Access(b.start(), b.stop(), b.words());
        }
        return new LayerResult(layer.name(), layer.m(), layer.n(), layer.k(), total, stalls,
                layer.macs() * 100.0 / ((double) total * cfg.rows() * cfg.cols()), fs.mappingEffPct, fs.computeUtilPct,
                new LayerResult.Access(ifSpan[0], ifSpan[1], fs.ifmapSramReads),
                new LayerResult.Access(fiSpan[0], fiSpan[1], fs.filterSramReads),
                new LayerResult.Access(ofSpan[0], ofSpan[1], fs.ofmapSramWrites),
                ifDram, fiDram, new LayerResult.Access(of.dramStart, of.dramStop, of.numAccess),
                LayerResult.Sparsity.DENSE);
    }

    private static void span(long[] span, long[] line, long served) {
        for (long a : line) {
            if (a != -1) {
                if (span[0] == Long.MIN_VALUE) span[0] = served;
                span[1] = served;
                return;
            }
        }
    }
}
