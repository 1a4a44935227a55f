package org.nxm.simulator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nxm.compiler.Compiler;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.program.CriticalPath;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.TileGraph;
import org.nxm.model.sparsity.NmPattern;

/**
 * The compiler's critical path (JGraphT topological order, each op at its least time) is a lower bound: no
 * simulated schedule of the same program finishes sooner, and the path is a chain of the graph's own edges.
 */
class CriticalPathBoundTest {
    @Test
    void noSimulationBeatsTheCriticalPath() {
        for (String preset : List.of("a100", "edge-4", "h100")) {
            HardwareConfig hw = HardwareConfig.preset(preset);
            for (int[] s : new int[][] {{64, 16, 64}, {96, 40, 128}, {768, 128, 768}}) {
                for (NmPattern pattern : new NmPattern[] {null, NmPattern.TWO_FOUR}) {
                    Program p = Compiler.compile(new Compiler.Request(Lowering.singleGemm(s[0], s[1], s[2]), hw, pattern, null, null)).program();
                    CriticalPath c = CriticalPath.of(p, hw);
                    long simulated = new TensorCoreRun(hw).run(p, "gemm").cycles();
                    String what = preset + " " + s[0] + "x" + s[1] + "x" + s[2] + " " + pattern;
                    assertTrue(c.cycles() > 0 && c.cycles() <= simulated, what + ": critical path " + c.cycles() + ", simulated " + simulated);
                    TileGraph g = p.graph();
                    for (int i = 1; i < c.ops().size(); i++) {
                        int from = c.ops().get(i - 1), to = c.ops().get(i);
                        assertTrue(java.util.Arrays.stream(g.predecessors(to)).anyMatch(x -> x == from), what + ": " + from + "->" + to + " is no edge");
                    }
                }
            }
        }
    }
}
