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

    EstimateReadBuffer(long sizeWords) {
        this.perSet = sizeWords / 100;
        this.epochWords = 50 * perSet;
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
            if (addsThisEpoch == epochWords) {
                triggers++;
                lastTriggerCycle = cycle;
                epoch++;
                addsThisEpoch = 0;
            }
        }
        return cycle + 1;
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
