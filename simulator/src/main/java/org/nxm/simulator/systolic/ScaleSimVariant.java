package org.nxm.simulator.systolic;

/**
 * The two SCALE-Sim v2 stall rules in circulation. The reference cases in {@code shared/data/scalesim}
 * were produced by the v2.0.2 release; the later repository head changed two lines of its stall
 * bookkeeping (an early prefetch no longer pulls a request's service cycle back; a write stall is
 * no longer reduced by one).
 */
public enum ScaleSimVariant {
    V2_0_2(true, 1),
    HEAD_2025(false, 0);

    final boolean negativeReadOffsets;
    final int ofmapStallBias;

    ScaleSimVariant(boolean negativeReadOffsets, int ofmapStallBias) {
        this.negativeReadOffsets = negativeReadOffsets;
        this.ofmapStallBias = ofmapStallBias;
    }
}
