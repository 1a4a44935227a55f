package org.nxm.simulator.energy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nxm.compiler.hardware.EnergyTable;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.simulator.report.LayerStats;
import org.nxm.simulator.report.SimReport;

/**
 * Prices counted actions with a hardware config's {@link EnergyTable}: dynamic energy = Σ count ×
 * energy per action, static energy = static power × run time (enabled cores only: harvested spare
 * cores are fused off).
 */
public final class EnergyModel {
    private static final double PJ = 1e-12;

    private final EnergyTable table;
    private final int cores;
    private final boolean hasL2;

    public EnergyModel(EnergyTable table, int cores, boolean hasL2) {
        this.table = table;
        this.cores = cores;
        this.hasL2 = hasL2;
    }

    public static EnergyModel of(HardwareConfig hw) {
        return new EnergyModel(hw.energy(), hw.cores(), hw.l2() != null);
    }

    /**
     * The energy of a run: its counted actions over its time, static shared out by layer span. A machine
     * model that counts no actions (the systolic one) is priced from its totals: its MACs, its shared-level
     * bytes split evenly into reads and writes, its L2 and DRAM bytes.
     */
    public static EnergyReport of(HardwareConfig hw, SimReport r) {
        Map<String, Long> spans = new LinkedHashMap<>();
        for (LayerStats l : r.layers()) spans.put(l.name(), l.cycles());
        RunActions actions = r.actions();
        if (actions == RunActions.NONE) {
            boolean sparse = !"dense".equals(r.pattern()) && r.macs() < r.denseEquivalentMacs();
            actions = new RunActions(ActionCounts.fromTotals(sparse, r.macs(), levelBytes(r, "shared"),
                    levelBytes(r, "l2"), levelBytes(r, "dram")), Map.of());
        }
        return of(hw).account(actions, spans, r.seconds());
    }

    private static long levelBytes(SimReport r, String name) {
        for (var l : r.levels()) if (l.name().equals(name)) return l.bytes();
        return 0;
    }

    /** Dynamic joules of one set of counts, by component (mac_array, registers, shared_buffer, l2, dram). */
    public Map<String, Double> dynamicJ(ActionCounts c) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("mac_array", (c.denseMacs() * table.denseMacPj() + c.sparseMacs() * table.sparseMacPj()) * PJ);
        m.put("registers", c.registerBytes() * table.registerPjPerByte() * PJ);
        m.put("shared_buffer", (c.sharedReadBytes() * table.sharedReadPjPerByte() + c.sharedWriteBytes() * table.sharedWritePjPerByte()) * PJ);
        m.put("l2", c.l2Bytes() * table.l2PjPerByte() * PJ);
        m.put("dram", c.dramBytes() * table.dramPjPerByte() * PJ);
        return m;
    }

    /** Static power by component, watts. */
    public Map<String, Double> staticW() {
        EnergyTable.StaticPower s = table.staticPower();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("static_cores", cores * s.perCoreW());
        m.put("static_l2", hasL2 ? s.l2W() : 0.0);
        m.put("static_dram", s.dramW());
        m.put("static_uncore", s.uncoreW());
        return m;
    }

    public double weightTrafficJ(ActionCounts c) {
        return (c.weightSharedBytes() * table.sharedWritePjPerByte() + c.weightL2Bytes() * table.l2PjPerByte()
                + c.weightDramBytes() * table.dramPjPerByte()) * PJ;
    }

    /**
     * @param layerSpanCycles each layer's span of cycles, for sharing out static energy (without spans it
     *                        is a layer of its own, "static"; counts without layers give no per-layer map)
     */
    public EnergyReport account(RunActions actions, Map<String, Long> layerSpanCycles, double seconds) {
        Map<String, Double> byComponent = new LinkedHashMap<>(dynamicJ(actions.total()));
        double staticJ = 0;
        for (Map.Entry<String, Double> e : staticW().entrySet()) {
            byComponent.put(e.getKey(), e.getValue() * seconds);
            staticJ += e.getValue() * seconds;
        }
        double total = 0;
        for (double v : byComponent.values()) total += v;
        long spanSum = 0;
        for (String layer : actions.byLayer().keySet()) spanSum += layerSpanCycles.getOrDefault(layer, 0L);
        Map<String, Double> byLayer = new LinkedHashMap<>();
        double assigned = 0;
        for (Map.Entry<String, ActionCounts> e : actions.byLayer().entrySet()) {
            double j = sum(dynamicJ(e.getValue()));
            if (spanSum > 0) j += staticJ * layerSpanCycles.getOrDefault(e.getKey(), 0L) / spanSum;
            byLayer.put(e.getKey(), j);
            assigned += j;
        }
        if (!byLayer.isEmpty() && spanSum == 0 && staticJ > 0) {
            byLayer.put("static", staticJ);
            assigned += staticJ;
        }
        if (!byLayer.isEmpty() && Math.abs(total - assigned) > 1e-9 * Math.max(1e-12, total)) {
            throw new IllegalStateException("layer energies do not add up to the total: " + assigned + " vs " + total);
        }
        return new EnergyReport(total, seconds, byComponent, byLayer, weightTrafficJ(actions.total()));
    }

    static double sum(Map<String, Double> m) {
        double s = 0;
        for (double v : m.values()) s += v;
        return s;
    }
}
