package org.nxm.simulator.energy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Joules a run spent, by component and by layer.
 *
 * @param totalJ       dynamic + static energy of the run
 * @param seconds      the run's time (cycles at the clock), over which static power is charged
 * @param byComponentJ {@link #COMPONENTS} in that order; they add up to {@code totalJ}
 * @param byLayerJ     per layer (dynamic exactly, static shared out by the layer's span of cycles); they
 *                     add up to {@code totalJ}
 * @param weightTrafficJ of the memory components: the energy of moving weights (values, metadata or
 *                     dense weights) from DRAM through L2 into the shared buffer
 */
public record EnergyReport(double totalJ, double seconds, Map<String, Double> byComponentJ,
                           Map<String, Double> byLayerJ, double weightTrafficJ) {

    /** Component keys, as in {@code --json}'s {@code energy_by_component_j}. */
    public static final java.util.List<String> COMPONENTS = java.util.List.of("mac_array", "registers", "shared_buffer",
            "l2", "dram", "static_cores", "static_l2", "static_dram", "static_uncore");

    public EnergyReport {
        byComponentJ = Collections.unmodifiableMap(new LinkedHashMap<>(byComponentJ));
        byLayerJ = Collections.unmodifiableMap(new LinkedHashMap<>(byLayerJ));
    }

    /** Average power over the run, watts. */
    public double avgPowerW() { return seconds > 0 ? totalJ / seconds : 0; }

    public double component(String key) { return byComponentJ.getOrDefault(key, 0.0); }

    public double macArrayJ() { return component("mac_array"); }

    public double staticJ() {
        return component("static_cores") + component("static_l2") + component("static_dram") + component("static_uncore");
    }

    public double dynamicJ() { return totalJ - staticJ(); }
}
