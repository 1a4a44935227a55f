package org.nxm.compiler.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nxm.compiler.weighttile.WeightFormat;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.program.MemoryLevel;
import org.nxm.compiler.tile.GemmContext;
import org.nxm.compiler.tile.GemmPlan;
import org.nxm.compiler.tile.Raster;
import org.nxm.compiler.tile.Tiler;
import org.nxm.model.io.InputException;
import org.nxm.model.sparsity.NmPattern;

/**
 * The search logic of the mapper. The evaluator here is a stand-in for the simulator (the compiler cannot
 * depend on it): cycles = a fixed function of the plan that disagrees with the cost model, so the test can
 * tell "kept the fastest simulated" from "kept the best estimate". The simulator module tests the mapper with
 * the real engine.
 */
class MapperTest {
    private static final HardwareConfig HW = HardwareConfig.preset("a100");

    private static GemmContext gemm(NmPattern p) {
        WeightFormat f = WeightFormat.choose(HW, p);
        return new GemmContext("ffn", 768, 256, 3072, f, MemoryLevel.L2, MemoryLevel.L2, MemoryLevel.L2, HW.cores());
    }

    /** Prefers more K splits, then smaller bk: disagrees with the cost model on purpose. */
    private static long disagreeing(GemmPlan p) {
        return 1_000_000L / p.splits() + p.tile().bk();
    }

    @Test
    void searchParsesAndRefusesBadValuesInOneLine() {
        assertEquals(Search.HEURISTIC, Search.parse("heuristic"));
        assertEquals(Search.EXHAUSTIVE, Search.parse("Exhaustive"));
        assertEquals(3, Search.parse("top-k=3").topK());
        for (String bad : new String[] {"top-k=0", "top-k=-2", "top-k=x", "best", ""}) {
            String msg = assertThrows(InputException.class, () -> Search.parse(bad)).getMessage();
            assertTrue(msg.startsWith("--search '" + bad + "'") && !msg.contains("\n"), msg);
        }
    }

    @Test
    void heuristicIsTheTilersPickAndSimulatesNothing() {
        Mapper m = new Mapper(Search.HEURISTIC, null);
        GemmContext g = gemm(NmPattern.TWO_FOUR);
        assertEquals(Tiler.plan(HW, g), m.plan(HW, g));
        Mapper.Choice c = m.choices().get(0);
        assertEquals(Tiler.candidates(HW, g).size(), c.costed());
        assertEquals(0, c.simulated());
        assertNull(c.simulatedCycles());
    }

    @Test
    void topKSimulatesKIncludingTheHeuristicAndKeepsTheFastest() {
        GemmContext g = gemm(NmPattern.TWO_FOUR);
        List<GemmPlan> seen = new ArrayList<>();
        Mapper m = new Mapper(Search.parse("top-k=5"), (hw, ctx, p) -> {
            seen.add(p);
            return disagreeing(p);
        });
        GemmPlan chosen = m.plan(HW, g);
        // five tilings row-major, then the winner in the two other tile orders (it has several tiles each way)
        assertEquals(5, seen.stream().filter(p -> p.raster() == Raster.ROW_MAJOR).count());
        assertEquals(7, seen.size());
        assertTrue(seen.contains(Tiler.plan(HW, g)), "the heuristic's pick is always simulated");
        long best = seen.stream().mapToLong(MapperTest::disagreeing).min().orElseThrow();
        assertEquals(best, disagreeing(chosen));
        assertEquals(Raster.ROW_MAJOR, chosen.raster(), "orders that tie keep row-major");
        assertEquals(best, m.choices().get(0).simulatedCycles());
        assertEquals(7, m.choices().get(0).simulated());
    }

    @Test
    void aSearchKeepsTheTileOrderTheEngineFindsFastest() {
        GemmContext g = gemm(NmPattern.TWO_FOUR);
        Mapper m = new Mapper(Search.parse("top-k=3"), (hw, ctx, p) -> disagreeing(p) - (p.raster() == Raster.GROUPED ? 1 : 0));
        GemmPlan chosen = m.plan(HW, g);
        assertEquals(Raster.GROUPED, chosen.raster());
        assertEquals("grouped-4", m.choices().get(0).raster());
        Mapper h = new Mapper(Search.HEURISTIC, null);
        h.plan(HW, g);
        assertEquals("row-major", h.choices().get(0).raster(), "the heuristic keeps the order its cost model assumes");
    }

    @Test
    void aSearchAlsoTriesTilesOfThreeTimesAPowerOfTwoAndEverySplitCountTheHeuristicDoesNot() {
        GemmContext g = gemm(null);
        assertTrue(Tiler.candidates(HW, g, Tiler.MAX_STAGES, true).stream().anyMatch(c -> c.plan().tile().bm() == 48));
        assertTrue(Tiler.candidates(HW, g, Tiler.MAX_STAGES, true).stream().anyMatch(c -> c.plan().splits() == 3));
        assertFalse(Tiler.candidates(HW, g).stream().anyMatch(c -> c.plan().tile().bm() % 3 == 0 || c.plan().splits() == 3));
        assertTrue(Tiler.candidates(HW, g).stream().allMatch(c -> Tiler.inHeuristicSpace(HW, g, c.plan())));
        Mapper m = new Mapper(Search.EXHAUSTIVE, (hw, ctx, p) -> p.tile().bm() == 96 ? 1 : 1000 + disagreeing(p));
        GemmPlan chosen = m.plan(HW, g);
        assertEquals(96, chosen.tile().bm());
        assertFalse(Tiler.inHeuristicSpace(HW, g, chosen));
        assertTrue(Tiler.inHeuristicSpace(HW, g, new Mapper(Search.HEURISTIC, null).plan(HW, g)));
    }

    @Test
    void topKSkipsMappingsWithManyMoreTileStepsThanTheHeuristic() {
        // a large GEMM whose legal tilings span a wide range of tile steps
        WeightFormat f = WeightFormat.choose(HW, null);
        GemmContext g = new GemmContext("big", 4096, 2048, 4096, f, MemoryLevel.DRAM, MemoryLevel.L2, MemoryLevel.L2, HW.cores());
        GemmPlan heuristic = new Mapper(Search.HEURISTIC, null).plan(HW, g);
        long budget = Mapper.MAX_TILE_STEP_RATIO * Mapper.tileSteps(heuristic, g);
        assertTrue(Tiler.candidates(HW, g, Tiler.MAX_STAGES, true).stream().anyMatch(c -> Mapper.tileSteps(c.plan(), g) > budget),
                "the test needs candidates beyond the bound");
        List<GemmPlan> simulated = new ArrayList<>();
        // an evaluator that would pick the finest tiling if it were simulated
        Mapper m = new Mapper(Search.parse("top-k=12"), (hw, ctx, p) -> {
            simulated.add(p);
            return 1_000_000_000L / Mapper.tileSteps(p, ctx);
        });
        m.plan(HW, g);
        assertFalse(simulated.isEmpty());
        for (GemmPlan p : simulated) assertTrue(Mapper.tileSteps(p, g) <= budget, p + " has " + Mapper.tileSteps(p, g) + " steps");
    }

    @Test
    void exhaustiveSimulatesEveryLegalMapping() {
        GemmContext g = gemm(null);
        int[] calls = {0};
        Mapper m = new Mapper(Search.EXHAUSTIVE, (hw, ctx, p) -> ++calls[0] + disagreeing(p));
        GemmPlan chosen = m.plan(HW, g);
        // every tiling at every pipeline depth that fits, three-multiple tiles included (the heuristic's space is the
        // double-buffered power-of-two part), then the winner in the two other tile orders where it has several tiles each way
        List<Tiler.Candidate> all = Tiler.candidates(HW, g, Tiler.MAX_STAGES, true);
        boolean orders = chosen.tilesM(g.m()) > 1 && chosen.tilesN(g.n()) > 1;
        assertEquals(all.size() + (orders ? 2 : 0), calls[0]);
        assertTrue(all.size() >= Tiler.candidates(HW, g).size());
    }

    @Test
    void choicesAreCachedByShapePatternAndHardware() {
        int[] calls = {0};
        Mapper m = new Mapper(Search.parse("top-k=2"), (hw, ctx, p) -> {
            calls[0]++;
            return disagreeing(p);
        });
        GemmPlan a = m.plan(HW, gemm(NmPattern.TWO_FOUR));
        GemmContext renamed = new GemmContext("other.name", 768, 256, 3072, WeightFormat.choose(HW, NmPattern.TWO_FOUR),
                MemoryLevel.L2, MemoryLevel.L2, MemoryLevel.L2, HW.cores());
        int first = calls[0];
        assertTrue(first >= 2);
        assertEquals(a, m.plan(HW, renamed));
        assertEquals(first, calls[0], "same shape, pattern and hardware: no second search");
        assertTrue(m.choices().get(1).cached());
        m.plan(HW, gemm(null));
        int second = calls[0];
        assertTrue(second >= first + 2, "dense is mapped on its own");
        m.plan(HardwareConfig.preset("h100"), gemm(NmPattern.TWO_FOUR));
        assertTrue(calls[0] >= second + 2, "another hardware is mapped on its own");
        assertNotEquals(m.choices().get(0), m.choices().get(2));
    }

    @Test
    void aSearchNeedsAnEvaluator() {
        assertThrows(IllegalArgumentException.class, () -> new Mapper(Search.parse("top-k=2"), null));
    }
}
