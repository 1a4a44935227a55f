package org.nxm.simulator.report;

/**
 * One layer's share of a run. Layers overlap in time (the next layer's loads start early), so
 * {@code cycles} is the span from the layer's first op start to its last op finish.
 */
public record LayerStats(String name, long firstCycle, long lastCycle, long macs, long dramBytes) {
    public long cycles() { return lastCycle - firstCycle; }
}
