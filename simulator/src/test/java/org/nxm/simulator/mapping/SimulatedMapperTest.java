package org.nxm.simulator.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nxm.compiler.Compiler;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.mapping.Mapper;
import org.nxm.compiler.mapping.Search;
import org.nxm.compiler.program.Program;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.simulator.TensorCoreRun;

/** The mapper with the real event-driven engine in the loop. */
class SimulatedMapperTest {

    private static Program compile(HardwareConfig hw, NmPattern p, Mapper m) {
        return Compiler.compile(new Compiler.Request(Lowering.singleGemm(256, 128, 1024), hw, p, null, null), m).program();
    }

    @Test
    void topKNeverLosesToTheHeuristicAndItsFigureIsTheProgramsSchedule() {
        HardwareConfig hw = HardwareConfig.preset("edge-4");
        for (NmPattern p : new NmPattern[] {null, NmPattern.TWO_FOUR}) {
            Mapper heuristic = new Mapper(Search.HEURISTIC, null);
            long h = new TensorCoreRun(hw).run(compile(hw, p, heuristic), "h").scheduleCycles();
            Mapper search = new Mapper(Search.parse("top-k=4"), new SimulatedGemm());
            Program best = compile(hw, p, search);
            long s = new TensorCoreRun(hw).run(best, "s").scheduleCycles();
            Mapper.Choice c = search.choices().get(0);
            assertTrue(c.simulated() >= 4, "four tilings, then the winner's other tile orders");
            assertEquals(s, c.simulatedCycles(), "the mapper measured exactly the program it chose");
            assertTrue(s <= h, p + ": searched " + s + " vs heuristic " + h);
        }
    }
}
