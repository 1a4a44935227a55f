package org.nxm.cli.simulate;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nxm.simulator.energy.EnergyReport;
import org.nxm.simulator.energy.EnergySavings;

/** The energy part of a simulation report: {@code --json} keys and the human table, from one {@link EnergyReport}. */
public final class EnergyOutput {
    private EnergyOutput() {}

    /**
     * Adds {@code energy_j}, {@code avg_power_w}, {@code energy_by_component_j}, {@code energy_by_layer_j},
     * per inference (one sequence) and per token, the weight-traffic share, and, when {@code dense} is a
     * different run, {@code energy_saved_vs_dense}.
     */
    public static void putJson(Map<String, Object> j, EnergyReport e, EnergyReport dense, int batch, int seq) {
        j.put("energy_j", e.totalJ());
        j.put("avg_power_w", e.avgPowerW());
        j.put("energy_per_inference_j", e.totalJ() / Math.max(1, batch));
        j.put("energy_per_token_j", e.totalJ() / Math.max(1, (long) batch * seq));
        j.put("energy_by_component_j", e.byComponentJ());
        j.put("energy_weight_traffic_j", e.weightTrafficJ());
        j.put("energy_by_layer_j", e.byLayerJ());
        if (dense != null && dense != e) {
            EnergySavings s = EnergySavings.of(e, dense);
            Map<String, Object> sj = new LinkedHashMap<>();
            sj.put("dense_energy_j", dense.totalJ());
            sj.put("total_j", s.totalJ());
            sj.put("total_fraction", s.totalFraction());
            sj.put("mac_array_j", s.macArrayJ());
            sj.put("mac_array_fraction", s.macArrayFraction());
            sj.put("weight_traffic_j", s.weightTrafficJ());
            sj.put("weight_traffic_fraction", s.weightTrafficFraction());
            j.put("energy_saved_vs_dense", sj);
        }
    }

    /** The energy lines of the human table. */
    public static void print(PrintWriter out, EnergyReport e, EnergyReport dense, int batch, int seq) {
        out.printf(Locale.ROOT, "  energy               %.4g J  (avg %.1f W; %.4g J per inference, %.4g J per token)%n",
                e.totalJ(), e.avgPowerW(), e.totalJ() / Math.max(1, batch), e.totalJ() / Math.max(1, (long) batch * seq));
        StringBuilder sb = new StringBuilder("  energy by component ");
        for (Map.Entry<String, Double> c : e.byComponentJ().entrySet()) {
            sb.append(String.format(Locale.ROOT, " %s %.1f%%", c.getKey(), e.totalJ() > 0 ? 100 * c.getValue() / e.totalJ() : 0));
        }
        out.println(sb);
        if (dense != null && dense != e) {
            EnergySavings s = EnergySavings.of(e, dense);
            out.printf(Locale.ROOT, "  energy vs dense      %.4g J saved (%.1f%%): MAC array %.4g J (%.1f%% of its dense energy),"
                            + " weight traffic %.4g J (%.1f%%)%n", s.totalJ(), 100 * s.totalFraction(), s.macArrayJ(),
                    100 * s.macArrayFraction(), s.weightTrafficJ(), 100 * s.weightTrafficFraction());
        }
    }
}
