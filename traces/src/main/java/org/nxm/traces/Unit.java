package org.nxm.traces;

/**
 * One hardware resource of the traced machine; one track in viewers.
 *
 * @param name        shown in tables and viewers, e.g. {@code core3}, {@code smem}, {@code dram.ch0}
 * @param kind        what the resource is
 * @param memoryLevel index into {@link TraceHeader#memoryLevels()} of the level whose bytes this unit moves,
 *                    or -1 when the unit is not a memory (cores and vector units normally)
 * @param peakPerCycle the unit's own peak: MACs per cycle for a core, bytes per cycle for a memory unit,
 *                    elements per cycle for a vector unit (0 when unknown)
 */
public record Unit(String name, UnitKind kind, int memoryLevel, double peakPerCycle) {
    public Unit {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("unit name must not be empty");
        if (kind == null) throw new IllegalArgumentException("unit " + name + ": kind must not be null");
        if (memoryLevel < -1) throw new IllegalArgumentException("unit " + name + ": memoryLevel must be >= -1");
        if (!(peakPerCycle >= 0)) throw new IllegalArgumentException("unit " + name + ": peakPerCycle must be >= 0");
    }
}
