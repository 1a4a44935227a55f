package org.nxm.simulator.energy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's counted actions, in all and per layer (layer name to its counts, in program order; work
 * outside any layer is under {@link #UNASSIGNED}). The layers add up to the total.
 */
public record RunActions(ActionCounts total, Map<String, ActionCounts> byLayer) {
    public static final String UNASSIGNED = "(no layer)";
    public static final RunActions NONE = new RunActions(ActionCounts.ZERO, Map.of());

    public RunActions {
        byLayer = Collections.unmodifiableMap(new LinkedHashMap<>(byLayer));
    }
}
