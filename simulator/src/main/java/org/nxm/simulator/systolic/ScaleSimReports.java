package org.nxm.simulator.systolic;

import java.nio.file.Path;
import java.util.List;
import java.util.StringJoiner;
import org.nxm.model.io.AtomicOutput;

/**
 * Writes SCALE-Sim's three report files with its exact columns and number formatting
 * ({@code ", "} separators, a trailing comma, Python float repr, cycles of the detailed report as floats).
 *
 * <p>When a layer is N:M sparse, nxm appends its own columns after SCALE-Sim's (documented in the
 * module README): COMPUTE gets {@code Sparsity, Dense-equivalent K}; BANDWIDTH gets
 * {@code Avg METADATA SRAM BW, Avg METADATA DRAM BW} (bits per cycle); DETAILED gets
 * {@code Metadata Bits, SRAM Metadata Read Bits, DRAM Metadata Read Bits}. Dense-only runs are
 * byte-for-byte SCALE-Sim's format.
 */
public final class ScaleSimReports {
    public static final String COMPUTE = "COMPUTE_REPORT.csv";
    public static final String BANDWIDTH = "BANDWIDTH_REPORT.csv";
    public static final String DETAILED = "DETAILED_ACCESS_REPORT.csv";

    private ScaleSimReports() {}

    public static void write(Path dir, List<LayerResult> layers) {
        AtomicOutput.writeString(dir.resolve(COMPUTE), compute(layers));
        AtomicOutput.writeString(dir.resolve(BANDWIDTH), bandwidth(layers));
        AtomicOutput.writeString(dir.resolve(DETAILED), detailed(layers));
    }

    static boolean anySparse(List<LayerResult> layers) {
        return layers.stream().anyMatch(l -> l.sparsity().metadataBits() > 0);
    }

    public static String compute(List<LayerResult> layers) {
        boolean sp = anySparse(layers);
        StringBuilder b = new StringBuilder("LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,");
        if (sp) b.append(" Sparsity, Dense-equivalent K,");
        b.append('\n');
        for (int i = 0; i < layers.size(); i++) {
            LayerResult r = layers.get(i);
            row(b, i, r.totalCycles(), r.stallCycles(), f(r.overallUtilPct()), f(r.mappingEffPct()), f(r.computeUtilPct()));
            if (sp) extra(b, r.sparsity().pattern(), r.sparsity().denseK() == 0 ? r.k() : r.sparsity().denseK());
            b.append('\n');
        }
        return b.toString();
    }

    public static String bandwidth(List<LayerResult> layers) {
        boolean sp = anySparse(layers);
        StringBuilder b = new StringBuilder("LayerID, Avg IFMAP SRAM BW, Avg FILTER SRAM BW, Avg OFMAP SRAM BW, "
                + "Avg IFMAP DRAM BW, Avg FILTER DRAM BW, Avg OFMAP DRAM BW,");
        if (sp) b.append(" Avg METADATA SRAM BW, Avg METADATA DRAM BW,");
        b.append('\n');
        for (int i = 0; i < layers.size(); i++) {
            LayerResult r = layers.get(i);
            row(b, i, f(r.avgIfmapSramBw()), f(r.avgFilterSramBw()), f(r.avgOfmapSramBw()),
                    f(r.ifmapDram().avgBandwidth()), f(r.filterDram().avgBandwidth()), f(r.ofmapDram().avgBandwidth()));
            if (sp) extra(b, f((double) r.sparsity().metadataSramReadBits() / r.totalCycles()),
                    f((double) r.sparsity().metadataDramReadBits() / Math.max(1, r.filterDram().stop() - r.filterDram().start() + 1)));
            b.append('\n');
        }
        return b.toString();
    }

    public static String detailed(List<LayerResult> layers) {
        boolean sp = anySparse(layers);
        StringBuilder b = new StringBuilder("LayerID, "
                + "SRAM IFMAP Start Cycle, SRAM IFMAP Stop Cycle, SRAM IFMAP Reads, "
                + "SRAM Filter Start Cycle, SRAM Filter Stop Cycle, SRAM Filter Reads, "
                + "SRAM OFMAP Start Cycle, SRAM OFMAP Stop Cycle, SRAM OFMAP Writes, "
                + "DRAM IFMAP Start Cycle, DRAM IFMAP Stop Cycle, DRAM IFMAP Reads, "
                + "DRAM Filter Start Cycle, DRAM Filter Stop Cycle, DRAM Filter Reads, "
                + "DRAM OFMAP Start Cycle, DRAM OFMAP Stop Cycle, DRAM OFMAP Writes,");
        if (sp) b.append(" Metadata Bits, SRAM Metadata Read Bits, DRAM Metadata Read Bits,");
        b.append('\n');
        for (int i = 0; i < layers.size(); i++) {
            LayerResult r = layers.get(i);
            StringJoiner j = new StringJoiner(", ");
            for (LayerResult.Access a : List.of(r.ifmapSram(), r.filterSram(), r.ofmapSram(), r.ifmapDram(), r.filterDram(), r.ofmapDram())) {
                j.add(f(a.start())).add(f(a.stop())).add(Long.toString(a.words()));
            }
            b.append(i).append(", ").append(j).append(',');
            if (sp) extra(b, r.sparsity().metadataBits(), r.sparsity().metadataSramReadBits(), r.sparsity().metadataDramReadBits());
            b.append('\n');
        }
        return b.toString();
    }

    private static String f(double v) { return PythonFloat.repr(v); }

    private static void row(StringBuilder b, int id, Object... cells) {
        b.append(id);
        for (Object c : cells) b.append(", ").append(c);
        b.append(',');
    }

    private static void extra(StringBuilder b, Object... cells) {
        for (Object c : cells) b.append(' ').append(c).append(',');
    }
}
