package org.nxm.traces;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a trace says about the machine and the program before any event: enough for every analysis
 * (utilisation, bandwidth, roofline) to run without the simulator or the hardware file.
 *
 * @param hardwareName   e.g. {@code a100}
 * @param hardwareDigest a digest of the hardware configuration the run used (e.g. SHA-256 hex of its YAML), so
 *                       two traces can be told apart or matched; empty when unknown
 * @param clockHz        the clock, for converting cycles to time
 * @param memoryLevels   the memory hierarchy with each level's aggregate peak bytes per cycle
 * @param units          the resources, one track each; an event's unit is an index into this list
 * @param layers         layer names; an event's layer is an index into this list
 * @param metadata       free-form key/value pairs (model, pattern, simulator version, program digest, ...)
 */
public record TraceHeader(String hardwareName, String hardwareDigest, double clockHz,
                          List<MemoryLevel> memoryLevels, List<Unit> units, List<String> layers,
                          Map<String, String> metadata) {

    public TraceHeader {
        if (hardwareName == null) hardwareName = "";
        if (hardwareDigest == null) hardwareDigest = "";
        if (!(clockHz > 0)) throw new IllegalArgumentException("clockHz must be > 0, got " + clockHz);
        memoryLevels = List.copyOf(memoryLevels);
        units = List.copyOf(units);
        layers = List.copyOf(layers);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        for (Unit u : units) {
            if (u.memoryLevel() >= memoryLevels.size())
                throw new IllegalArgumentException("unit " + u.name() + ": memory level " + u.memoryLevel()
                        + " is not declared (" + memoryLevels.size() + " levels)");
        }
    }

    /** Sum of the cores' peaks: the compute roof in MACs per cycle. */
    public double peakMacsPerCycle() {
        double sum = 0;
        for (Unit u : units) if (u.kind() == UnitKind.CORE) sum += u.peakPerCycle();
        return sum;
    }

    /**
     * The DRAM level: the memory level of the first DRAM-channel unit, else a level named {@code dram}
     * (case-insensitive), else -1.
     */
    public int dramLevel() {
        for (Unit u : units) if (u.kind() == UnitKind.DRAM_CHANNEL && u.memoryLevel() >= 0) return u.memoryLevel();
        for (int i = 0; i < memoryLevels.size(); i++) if (memoryLevels.get(i).name().equalsIgnoreCase("dram")) return i;
        return -1;
    }

    public String layerName(int layer) {
        return layer >= 0 && layer < layers.size() ? layers.get(layer) : "";
    }

    public static Builder builder() { return new Builder(); }

    /**
     * Declares the machine and the program; {@link #memoryLevel}, {@link #unit} and {@link #layer} return the
     * index that events then use.
     */
    public static final class Builder {
        private String hardwareName = "";
        private String hardwareDigest = "";
        private double clockHz = 1e9;
        private final List<MemoryLevel> levels = new ArrayList<>();
        private final List<Unit> units = new ArrayList<>();
        private final List<String> layers = new ArrayList<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();

        public Builder hardware(String name, String digest) {
            this.hardwareName = name;
            this.hardwareDigest = digest;
            return this;
        }

        public Builder clockHz(double hz) {
            this.clockHz = hz;
            return this;
        }

        /** Declares a memory level; returns its index. */
        public int memoryLevel(String name, double peakBytesPerCycle) {
            levels.add(new MemoryLevel(name, peakBytesPerCycle));
            return levels.size() - 1;
        }

        /** Declares a unit; returns its index (the {@code unit} argument of events). */
        public int unit(String name, UnitKind kind, int memoryLevel, double peakPerCycle) {
            units.add(new Unit(name, kind, memoryLevel, peakPerCycle));
            return units.size() - 1;
        }

        /** Declares a layer; returns its index (the {@code layer} argument of events). */
        public int layer(String name) {
            layers.add(name);
            return layers.size() - 1;
        }

        public Builder meta(String key, String value) {
            metadata.put(key, value);
            return this;
        }

        public TraceHeader build() {
            return new TraceHeader(hardwareName, hardwareDigest, clockHz, levels, units, layers, metadata);
        }
    }
}
