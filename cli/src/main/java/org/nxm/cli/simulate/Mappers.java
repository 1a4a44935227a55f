package org.nxm.cli.simulate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nxm.compiler.mapping.Mapper;
import org.nxm.compiler.mapping.Search;
import org.nxm.simulator.mapping.SimulatedGemm;

/** The CLI's mapper: the compiler's {@link Mapper} measuring candidates with the simulator, and its report. */
public final class Mappers {
    private Mappers() {}

    public static Mapper of(Search search) {
        return SimulatedGemm.mapper(search);
    }

    /** {@code search}, {@code gemm_shapes_mapped}, {@code candidates_costed}, {@code candidates_simulated}. */
    public static Map<String, Object> summary(Mapper m) {
        Map<String, Object> j = new LinkedHashMap<>();
        long costed = 0, simulated = 0;
        for (Mapper.Choice c : m.choices()) {
            costed += c.costed();
            simulated += c.simulated();
        }
        j.put("search", m.search().toString());
        j.put("gemm_shapes_mapped", m.choices().size());
        j.put("candidates_costed", costed);
        j.put("candidates_simulated", simulated);
        return j;
    }

    public static String table(List<Mapper.Choice> choices) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%n  %-28s %6s %6s %6s %6s %5s %-13s %6s %6s %-12s %12s %12s %7s %9s%n", "gemm", "M", "N", "K", "sparse",
                "cores", "tile", "splits", "stages", "raster", "est_cyc", "sim_cyc", "costed", "simulated"));
        for (Mapper.Choice c : choices) {
            sb.append(String.format(Locale.ROOT, "  %-28s %6d %6d %6d %6s %5d %-13s %6d %6d %-12s %12d %12s %7d %9s%n", c.gemm(), c.m(), c.n(), c.k(),
                    c.sparse() ? "yes" : "no", c.cores(), c.tile().bm() + "x" + c.tile().bn() + "x" + c.tile().bk(), c.splits(), c.stages(), c.raster(),
                    c.estimatedCycles(), c.simulatedCycles() == null ? "-" : String.format(Locale.ROOT, "%d", c.simulatedCycles()),
                    c.costed(), c.cached() ? "cached" : Integer.toString(c.simulated())));
        }
        return sb.toString();
    }
}
