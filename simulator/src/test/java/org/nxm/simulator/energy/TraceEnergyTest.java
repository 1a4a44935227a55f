package org.nxm.simulator.energy;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.compiler.Compiler;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.program.ModelShape;
import org.nxm.compiler.program.Program;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.simulator.TensorCoreRun;
import org.nxm.simulator.report.SimReport;
import org.nxm.traces.TraceEnergy;
import org.nxm.traces.analysis.Summary;
import org.nxm.traces.analysis.TextReports;
import org.nxm.traces.analysis.TraceStats;
import org.nxm.traces.format.NxmtReader;
import org.nxm.traces.format.NxmtWriter;
import org.nxm.traces.plot.TracePlots;

/** A trace carries the run's energy; its summary and plots show it without the simulator. */
class TraceEnergyTest {
    @Test
    void traceHeaderCarriesTheReportsEnergyAndTheSummaryAndPlotsShowIt(@TempDir Path dir) {
        HardwareConfig hw = HardwareConfig.preset("edge-4");
        Program prog = Compiler.compile(new Compiler.Request(
                Lowering.lower(ModelShape.of(TransformerConfig.preset("minilm-l6"), 1, 32)), hw, NmPattern.TWO_FOUR, null, null)).program();
        Path file = dir.resolve("t.nxmt");
        TensorCoreRun run = new TensorCoreRun(hw);
        SimReport traced = run.run(prog, "minilm", h -> NxmtWriter.open(file, h));
        SimReport plain = run.run(prog, "minilm");
        assertEquals(plain, traced);
        EnergyReport e = EnergyModel.of(hw, plain);
        try (NxmtReader r = NxmtReader.open(file)) {
            TraceEnergy te = TraceEnergy.of(r.header());
            assertNotNull(te);
            assertEquals(e.totalJ(), te.totalJ());
            assertEquals(e.avgPowerW(), te.avgPowerW());
            assertEquals(e.byComponentJ(), te.byComponentJ());
            assertEquals(e.byLayerJ(), te.byLayerJ());
            TraceStats stats = TraceStats.of(r);
            String text = TextReports.summary(Summary.of(stats, false));
            assertTrue(text.contains(te.headline()), text);
            assertTrue(text.contains("mac_array"), text);
        }
        List<Path> plots = TracePlots.write(file, dir, null, "minilm");
        Path energy = dir.resolve("energy.svg");
        assertTrue(plots.contains(energy));
        String svg = assertDoesNotThrow(() -> Files.readString(energy));
        assertTrue(svg.contains("component mac_array") && svg.contains("layer "), svg.substring(0, 200));
    }
}
