package org.nxm.simulator.systolic;

/**
 * Everything SCALE-Sim reports for one layer, plus nxm's own figures.
 *
 * <p>{@code totalCycles} follows SCALE-Sim: the index (from 0) of the cycle on which the last OFMAP
 * line is written, i.e. one less than the cycles run; {@link #nativeCycles()} is the count.
 * DRAM start cycles can be negative (fetched before compute starts).
 */
public record LayerResult(
        String name, long m, long n, long k,
        long totalCycles, long stallCycles,
        double overallUtilPct, double mappingEffPct, double computeUtilPct,
        Access ifmapSram, Access filterSram, Access ofmapSram,
        Access ifmapDram, Access filterDram, Access ofmapDram,
        Sparsity sparsity) {

    /** A stream's first and last active cycle and its word count. */
    public record Access(long start, long stop, long words) {
        public double avgBandwidth() { return (double) words / (stop - start + 1); }
    }

    /**
     * N:M figures: the pattern, the dense-equivalent MACs, the metadata words held for the FILTER
     * operand and the metadata words read from its SRAM and DRAM. All zero for dense layers.
     */
    public record Sparsity(String pattern, long denseK, long metadataBits, long metadataSramReadBits,
                           long metadataDramReadBits) {
        public static final Sparsity DENSE = new Sparsity("dense", 0, 0, 0, 0);
    }

    /** Cycles actually run (SCALE-Sim's Total Cycles + 1). */
    public long nativeCycles() { return totalCycles + 1; }

    public double avgIfmapSramBw() { return (double) ifmapSram.words / totalCycles; }
    public double avgFilterSramBw() { return (double) filterSram.words / totalCycles; }
    public double avgOfmapSramBw() { return (double) ofmapSram.words / totalCycles; }
}
