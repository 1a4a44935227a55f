package org.nxm.simulator.report;

/**
 * One layer's share of a run. Layers overlap in time (the next layer's loads start early), so the layer's time
 * is its own share ({@link org.nxm.traces.analysis.LayerShares}: from the completion of every earlier layer to its
 * own completion, the same definition {@code nxm trace layers} uses), not the first-to-last-op span.
 *
 * @param ownCycles the layer's own share of the run
 */
public record LayerStats(String name, long firstCycle, long lastCycle, long macs, long dramBytes, long ownCycles) {
    /** The layer's time: its own share of the run. */
    public long cycles() { return ownCycles; }

    /** First op start to last op finish (overlaps other layers). */
    public long spanCycles() { return lastCycle - firstCycle; }
}
