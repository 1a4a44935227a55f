package org.nxm.simulator.systolic;

import java.util.HashMap;
import java.util.Map;

/**
 * SCALE-Sim v2's read SRAM in CALC mode (its {@code ReadBufferEstimateBw}), address by address.
 * Requests never stall; the buffer only books DRAM traffic. Addresses are grouped as they are first
 * requested into sets of ⌊words/100⌋; once 50 sets (an "epoch", half the SRAM) have been filled the
 * whole epoch is forgotten, so an address requested again after that is fetched again. In words:
 * an address costs a DRAM read when it has not been requested since the last epoch boundary.
 * The DRAM window runs from the active fill issued before cycle 0 to one cycle after the last
 * epoch boundary.
 */
final class EstimateReadBuffer {
    private static final int DEFAULT_BW = 10;
    private final long perSet;
    private final long epochWords;
    private final Map<Long, Integer> seenEpoch = new HashMap<>();
    private int epoch;
    private long addsThisEpoch;
    long adds;
    private long firstRequestCycle = Long.MIN_VALUE;
    private long lastTriggerCycle = Long.MIN_VALUE;
    private int triggers;

    private final DramTraceSink trace;
    private long[] chunk = new long[16];
    private int chunkLen;
    private long windowStart, windowEnd;

    EstimateReadBuffer(long sizeWords) {
        this(sizeWords, DramTraceSink.NONE);
    }

    EstimateReadBuffer(long sizeWords, DramTraceSink trace) {
        this.perSet = sizeWords / 100;
        this.epochWords = 50 * perSet;
        this.trace = trace;
    }

    long serve(long[] line, int width, long cycle) {
        for (int i = 0; i < width; i++) {
            long a = line[i];
            if (a == -1) continue;
            if (firstRequestCycle == Long.MIN_VALUE) firstRequestCycle = cycle;
            Integer e = seenEpoch.get(a);
            if (e != null && e == epoch) continue;
            seenEpoch.put(a, epoch);
            adds++;
            addsThisEpoch++;
            if (trace != DramTraceSink.NONE) {
                if (chunkLen == chunk.length) chunk = java.util.Arrays.copyOf(chunk, chunkLen * 2);
                chunk[chunkLen++] = a;
            }
            if (addsThisEpoch == epochWords) {
                triggers++;
                if (triggers == 1) {
                    long lines = (epochWords + DEFAULT_BW - 1) / DEFAULT_BW;
                    windowStart = firstRequestCycle - lines;
                    windowEnd = firstRequestCycle - 1;
                } else {
                    windowStart = windowEnd + 1;
                    windowEnd = lastTriggerCycle + 1;
                }
                emitChunk(epochWords);
                lastTriggerCycle = cycle;
                epoch++;
                addsThisEpoch = 0;
            }
        }
        return cycle + 1;
    }

    /**
     * SCALE-Sim books each epoch's words as one prefetch spread evenly over a window of cycles: the
     * first epoch before the first request, each later one over the span between the previous two
     * epoch boundaries (so the words arrive before they are needed).
     */
    private void emitChunk(long budget) {
        if (trace == DramTraceSink.NONE) { chunkLen = 0; return; }
        long cycles = windowEnd - windowStart + 1;
        int width = (int) Math.max(0, (budget + cycles - 1) / cycles);
        long[] line = new long[width];
        int p = 0;
        for (long c = 0; c < cycles; c++) {
            for (int i = 0; i < width; i++) line[i] = p < chunkLen ? chunk[p++] : -1;
            trace.line(windowStart + c, line, width);
        }
        chunkLen = 0;
    }

    /** SCALE-Sim's closing prefetch of the words read since the last epoch boundary. */
    void finish() {
        if (trace == DramTraceSink.NONE) return;
        long sets = (addsThisEpoch + perSet - 1) / perSet;
        if (triggers == 0) {
            long lines = (sets * perSet + DEFAULT_BW - 1) / DEFAULT_BW;
            windowStart = -lines;
            windowEnd = -1;
            long cycles = lines;
            int width = DEFAULT_BW;
            long[] line = new long[width];
            int p = 0;
            for (long c = 0; c < cycles; c++) {
                for (int i = 0; i < width; i++) line[i] = p < chunkLen ? chunk[p++] : -1;
                trace.line(windowStart + c, line, width);
            }
            chunkLen = 0;
            return;
        }
        windowStart = windowEnd + 1;
        windowEnd = lastTriggerCycle + 1;
        emitChunk(sets * perSet);
    }

    DramWindow window() {
        return window(adds, triggers, firstRequestCycle, lastTriggerCycle, perSet);
    }

    /** SCALE-Sim's DRAM start/stop for a CALC-mode read buffer, from its epoch history. */
    static DramWindow window(long adds, long triggers, long firstRequestCycle, long lastTriggerCycle, long perSet) {
        if (triggers == 0) {
            long sets = (adds + perSet - 1) / perSet;
            long lines = (sets * perSet + DEFAULT_BW - 1) / DEFAULT_BW;
            return new DramWindow(-lines, -1, adds);
        }
        long lines = (50 * perSet + DEFAULT_BW - 1) / DEFAULT_BW;
        return new DramWindow(firstRequestCycle - lines, lastTriggerCycle + 1, adds);
    }

    /** A DRAM stream's first and last active cycle and its word count. */
    record DramWindow(long start, long stop, long words) {
        double avgBandwidth() { return (double) words / (stop - start + 1); }
    }
}
