package org.nxm.simulator.area;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Modelled silicon area of a design, mm², by component ({@link AreaModel#COMPONENTS}, adding up to
 * the total).
 */
public record AreaReport(double totalMm2, Map<String, Double> byComponentMm2) {
    public AreaReport {
        byComponentMm2 = Collections.unmodifiableMap(new LinkedHashMap<>(byComponentMm2));
    }
}
