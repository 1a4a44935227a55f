package org.nxm.simulator.sweep;

/**
 * What one design point measured, template-independent.
 *
 * @param cycles cycles to run the whole model once
 * @param clockHz clock of the design
 * @param macs MACs performed (sparse runs skip the pruned ones)
 * @param utilization achieved / peak MAC issue slots
 * @param sharedBytes bytes moved between on-chip buffers and the compute units
 * @param l2Bytes bytes served by the last-level cache (0 without one)
 * @param dramBytes bytes moved to and from DRAM
 */
public record PointResult(long cycles, double clockHz, long macs, double utilization, long sharedBytes, long l2Bytes,
                          long dramBytes) {
    public double seconds() {
        return cycles / clockHz;
    }
}
