package org.nxm.simulator.report;

/**
 * Where the cores' cycles went, summed over cores (so the three add up to cores × total cycles).
 * A core is computing while its MMA pipe or its vector unit is busy. An idle stretch is a memory
 * stall when the op that ends it was waiting on a load or store, or on a shared-buffer or metadata
 * port; otherwise (waiting on another op's result, on other cores, or the tail after its last op)
 * it is a dependency stall.
 */
public record StallBreakdown(long computeCycles, long memoryStallCycles, long dependencyStallCycles) {
    public long total() { return computeCycles + memoryStallCycles + dependencyStallCycles; }
    public double computeFraction() { return frac(computeCycles); }
    public double memoryFraction() { return frac(memoryStallCycles); }
    public double dependencyFraction() { return frac(dependencyStallCycles); }
    private double frac(long x) { return total() == 0 ? 0 : (double) x / total(); }

    /**
     * The three fractions under the JSON keys every report uses ({@code compute_fraction},
     * {@code memory_fraction}, {@code dependency_fraction}), in that order: one key per field everywhere.
     */
    public java.util.Map<String, Object> fractionsJson() {
        java.util.Map<String, Object> j = new java.util.LinkedHashMap<>();
        j.put("compute_fraction", computeFraction());
        j.put("memory_fraction", memoryFraction());
        j.put("dependency_fraction", dependencyFraction());
        return j;
    }
}
