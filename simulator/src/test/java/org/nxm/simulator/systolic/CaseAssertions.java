package org.nxm.simulator.systolic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;

final class CaseAssertions {
    private CaseAssertions() {}

    /** Total and stall cycles exactly; every ratio to 4 significant digits (the acceptance bar). */
    static void assertMatches(JsonNode e, LayerResult r, String what) {
        String got = r.totalCycles() + "/" + r.stallCycles();
        assertEquals(e.get("total_cycles").asLong() + "/" + e.get("stall_cycles").asLong(), got, what + " total/stall cycles");
        sig4(e, "overall_util_pct", r.overallUtilPct(), what);
        sig4(e, "mapping_eff_pct", r.mappingEffPct(), what);
        sig4(e, "compute_util_pct", r.computeUtilPct(), what);
        sig4(e, "avg_ifmap_sram_bw", r.avgIfmapSramBw(), what);
        sig4(e, "avg_filter_sram_bw", r.avgFilterSramBw(), what);
        sig4(e, "avg_ofmap_sram_bw", r.avgOfmapSramBw(), what);
        sig4(e, "avg_ifmap_dram_bw", r.ifmapDram().avgBandwidth(), what);
        sig4(e, "avg_filter_dram_bw", r.filterDram().avgBandwidth(), what);
        sig4(e, "avg_ofmap_dram_bw", r.ofmapDram().avgBandwidth(), what);
    }

    static void sig4(JsonNode e, String field, double got, String what) {
        double want = e.get(field).asDouble();
        assertEquals(String.format("%.4g", want), String.format("%.4g", got), what + " " + field);
    }
}
