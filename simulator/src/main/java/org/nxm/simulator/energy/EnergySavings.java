package org.nxm.simulator.energy;

/**
 * What a sparse run saves against its dense twin, in joules and as a fraction of the dense figure:
 * in all, in the MAC array (half the MACs at a slightly dearer sparse MAC) and in weight traffic
 * (compressed values + metadata instead of dense weights, at every level they pass).
 */
public record EnergySavings(double totalJ, double totalFraction, double macArrayJ, double macArrayFraction,
                            double weightTrafficJ, double weightTrafficFraction) {

    public static EnergySavings of(EnergyReport sparse, EnergyReport dense) {
        return new EnergySavings(dense.totalJ() - sparse.totalJ(), frac(dense.totalJ() - sparse.totalJ(), dense.totalJ()),
                dense.macArrayJ() - sparse.macArrayJ(), frac(dense.macArrayJ() - sparse.macArrayJ(), dense.macArrayJ()),
                dense.weightTrafficJ() - sparse.weightTrafficJ(),
                frac(dense.weightTrafficJ() - sparse.weightTrafficJ(), dense.weightTrafficJ()));
    }

    private static double frac(double part, double whole) { return whole > 0 ? part / whole : 0; }
}
