package org.nxm.fuzz;

import java.nio.file.Path;
import java.util.List;
import org.nxm.simulator.systolic.Layer;
import org.nxm.simulator.systolic.LayerResult;
import org.nxm.simulator.systolic.ScaleSimConfigReader;
import org.nxm.simulator.systolic.ScaleSimReports;
import org.nxm.simulator.systolic.SystolicConfig;
import org.nxm.simulator.systolic.SystolicEngine;
import org.nxm.simulator.systolic.SystolicLimits;
import org.nxm.simulator.systolic.TopologyReader;

/** What {@code nxm scalesim} does with a config and a topology: read both, run every layer, write the reports. */
final class ScaleSimRuns {
    /** The default limits allow runs of half a minute; the fuzz allows a tenth of that per input. */
    static final SystolicLimits FUZZ_LIMITS = new SystolicLimits(SystolicLimits.DEFAULT.maxEventSteps() / 8,
            SystolicLimits.DEFAULT.maxReferenceSteps() / 16);

    private ScaleSimRuns() {}

    static void run(Path cfgFile, Path topologyFile, Path out) {
        SystolicConfig cfg = ScaleSimConfigReader.read(cfgFile);
        List<Layer> layers = TopologyReader.read(topologyFile, false);
        // the limits name the topology; a config whose array makes a layer too large is refused the same way
        FUZZ_LIMITS.check(cfg, layers, topologyFile + " with " + cfgFile.getFileName(), false);
        SystolicEngine engine = new SystolicEngine();
        List<LayerResult> results = layers.stream().map(l -> engine.run(cfg, l)).toList();
        for (LayerResult r : results) {
            Checks.nonNegative("total cycles", r.totalCycles());
            Checks.nonNegative("stall cycles", r.stallCycles());
            Checks.finite("layer result", r.toString());
        }
        ScaleSimReports.write(out, results);
    }

    static Path dataCase(String name) { return ReaderFuzzTest.data().resolve("scalesim").resolve(name); }
}
