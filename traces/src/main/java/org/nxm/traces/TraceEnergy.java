package org.nxm.traces;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The energy a simulator accounted for the traced run, carried in the header's metadata under
 * {@code energy.*} keys so the file format stays as it is and any producer can fill it: the total,
 * the average power, joules per component and per layer (names are the producer's). Absent in traces
 * written without an energy model.
 *
 * <p>Keys: {@code energy.total_j}, {@code energy.avg_power_w}, {@code energy.component.NAME},
 * {@code energy.layer.NAME}; values are decimal joules (watts for the power).
 */
public record TraceEnergy(double totalJ, double avgPowerW, Map<String, Double> byComponentJ, Map<String, Double> byLayerJ) {
    static final String TOTAL = "energy.total_j";
    static final String POWER = "energy.avg_power_w";
    static final String COMPONENT = "energy.component.";
    static final String LAYER = "energy.layer.";

    public TraceEnergy {
        byComponentJ = Collections.unmodifiableMap(new LinkedHashMap<>(byComponentJ));
        byLayerJ = Collections.unmodifiableMap(new LinkedHashMap<>(byLayerJ));
    }

    /** The metadata entries that carry this record. */
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(TOTAL, Double.toString(totalJ));
        m.put(POWER, Double.toString(avgPowerW));
        byComponentJ.forEach((k, v) -> m.put(COMPONENT + k, Double.toString(v)));
        byLayerJ.forEach((k, v) -> m.put(LAYER + k, Double.toString(v)));
        return m;
    }

    /** The energy a header carries, or null when it carries none (or a value is not a number). */
    public static TraceEnergy of(TraceHeader h) {
        Map<String, String> meta = h.metadata();
        if (!meta.containsKey(TOTAL)) return null;
        try {
            Map<String, Double> components = new LinkedHashMap<>();
            Map<String, Double> layers = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : meta.entrySet()) {
                if (e.getKey().startsWith(COMPONENT)) components.put(e.getKey().substring(COMPONENT.length()), Double.parseDouble(e.getValue()));
                else if (e.getKey().startsWith(LAYER)) layers.put(e.getKey().substring(LAYER.length()), Double.parseDouble(e.getValue()));
            }
            return new TraceEnergy(Double.parseDouble(meta.get(TOTAL)), Double.parseDouble(meta.getOrDefault(POWER, "0")), components, layers);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A short line for text reports. */
    public String headline() {
        return String.format(Locale.ROOT, "energy %.4g J, average power %.1f W", totalJ, avgPowerW);
    }
}
