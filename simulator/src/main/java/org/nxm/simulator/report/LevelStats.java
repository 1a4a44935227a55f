package org.nxm.simulator.report;

/**
 * Traffic through one memory level.
 *
 * @param name               shared, metadata, l2 or dram
 * @param bytes              bytes moved through the level
 * @param avgBytesPerCycle   bytes / total cycles
 * @param peakBytesPerCycle  the busiest window's bytes / window length
 * @param windowCycles       the window length used for the peak
 * @param capacityBytesPerCycle the level's own peak bandwidth (all units)
 */
public record LevelStats(String name, long bytes, double avgBytesPerCycle, double peakBytesPerCycle,
                         long windowCycles, double capacityBytesPerCycle) {}
