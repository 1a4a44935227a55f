package org.nxm.traces;

/**
 * A level of the memory hierarchy (e.g. {@code operand}, {@code shared}, {@code l2}, {@code dram}).
 *
 * @param name              the level's name; the level of DRAM-channel units is the DRAM level
 * @param peakBytesPerCycle the level's aggregate peak bandwidth (all its units together), used by the
 *                          bandwidth analysis and as the memory roof of the roofline
 */
public record MemoryLevel(String name, double peakBytesPerCycle) {
    public MemoryLevel {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("memory level name must not be empty");
        if (!(peakBytesPerCycle >= 0)) throw new IllegalArgumentException("memory level " + name + ": peak must be >= 0");
    }
}
