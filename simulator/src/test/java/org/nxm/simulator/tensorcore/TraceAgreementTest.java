package org.nxm.simulator.tensorcore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.simulator.report.SimReport;
import org.nxm.traces.EventKind;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.analysis.Summary;
import org.nxm.traces.analysis.TraceStats;
import org.nxm.traces.format.NxmtReader;
import org.nxm.traces.format.NxmtWriter;

/** The trace's own summary must equal the simulator's report for the same run. */
class TraceAgreementTest {
    @Test
    void summaryOfTheWrittenTraceEqualsTheReport(@TempDir Path dir) throws Exception {
        TensorCoreParams hw = TestMachines.edge(4);
        TcProgram p = SyntheticGemm.gemm(hw, 200, 144, 512, NmPattern.TWO_FOUR, 64, 64, 64);
        TensorCoreSimulator sim = new TensorCoreSimulator(hw);
        TraceHeader header = sim.traceHeader(p, "", Map.of("model", "test"));
        Path file = dir.resolve("t.nxmt");
        SimReport r;
        try (NxmtWriter w = NxmtWriter.open(file, header)) {
            r = sim.run(p, "2:4", w);
        }
        assertEquals(new TensorCoreSimulator(hw).run(p, "2:4").cycles(), r.cycles(), "tracing changes nothing");

        TraceStats stats = new TraceStats(header);
        try (NxmtReader reader = NxmtReader.open(file)) {
            reader.replay(stats);
        }
        Summary s = Summary.of(stats, false);
        assertEquals(r.cycles(), s.cycles());
        assertEquals(r.macs(), s.macs());
        assertEquals(r.dramBytes(), s.dramBytes());
        for (int l = 0; l < header.memoryLevels().size(); l++) {
            String name = header.memoryLevels().get(l).name();
            assertEquals(r.level(name).bytes(), s.memoryLevels().get(l).bytes(), name);
        }
        assertEquals(r.stalls().memoryStallCycles(), stats.kindCycles(EventKind.STALL_MEMORY));
        assertEquals(r.stalls().dependencyStallCycles(), stats.kindCycles(EventKind.STALL_DEPENDENCY));
        assertEquals(r.utilization(), s.computeUtilisation(), 1e-12);
        assertTrue(Files.size(file) > 0);
    }

    private static void assertTrue(boolean b) { org.junit.jupiter.api.Assertions.assertTrue(b); }
}
