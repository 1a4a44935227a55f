package org.nxm.compiler.mapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.hardware.Template;
import org.nxm.compiler.program.TileShape;
import org.nxm.compiler.target.Target;
import org.nxm.compiler.tile.GemmContext;
import org.nxm.compiler.tile.GemmPlan;
import org.nxm.compiler.tile.Raster;
import org.nxm.compiler.tile.Tiler;

/**
 * The mapper (the role Timeloop's mapper plays): for each GEMM it enumerates the legal mappings
 * ({@link Tiler#candidates}: block tile M/N/K as MMA-shape multiples that fit the buffers, and split-K), ranks
 * them with the analytical cost model, simulates the best {@code K} with the event-driven engine
 * ({@link GemmEvaluator}) and keeps the fastest. Dense and sparse programs are mapped separately, so each gets
 * its own best mapping. Choices are cached by (shape, operand homes, cores, weight format = pattern and layout,
 * hardware digest): a sweep or a second compile of the same shape does not search again.
 *
 * <p>{@code top-k} and {@code exhaustive} also search the pipeline depth (2 or 3 operand buffers per operand, where
 * they fit the shared buffer; the heuristic keeps double buffering, the depth its estimates were checked at) and the
 * order output tiles are dealt to the cores ({@link Raster}: row-major, column-major, grouped), the latter by simulation
 * alone (the heuristic keeps row-major, the order the cost model's first touches assume). Not searched: which operand
 * stays resident (the scheduler has no knob for it).
 */
public final class Mapper implements GemmPlanner {

    /**
     * One GEMM's chosen mapping and the search behind it.
     *
     * @param costed    legal mappings the cost model estimated
     * @param simulated mappings the event-driven engine ran (0 for heuristic or a cache hit)
     * @param simulatedCycles the chosen mapping's simulated cycles alone on its cores (null when not simulated)
     * @param stages    operand buffers per operand (pipeline depth)
     * @param raster    the order output tiles are dealt to the cores ({@link Raster#label})
     */
    public record Choice(String gemm, int m, int n, int k, boolean sparse, int cores, TileShape tile, int splits,
                         long estimatedCycles, Long simulatedCycles, int costed, int simulated, boolean cached, int stages,
                         String raster) {}

    private record Key(String hardware, GemmContext shape) {}

    private record Found(GemmPlan plan, Long simulatedCycles, int costed, int simulated) {}

    private final Search search;
    private final GemmEvaluator evaluator;
    private final Map<Key, Found> cache = new HashMap<>();
    private final List<Choice> choices = new ArrayList<>();

    /** @param evaluator needed unless {@code search} is heuristic */
    public Mapper(Search search, GemmEvaluator evaluator) {
        if (search.simulates() && evaluator == null) throw new IllegalArgumentException(search + " needs an evaluator");
        this.search = search;
        this.evaluator = evaluator;
    }

    public Search search() { return search; }

    /** The mappings chosen so far, one per GEMM shape planned (in planning order). */
    public List<Choice> choices() { return List.copyOf(choices); }

    /** Forgets the choices list (not the cache): call between two compiles whose choices are reported apart. */
    public void clearChoices() { choices.clear(); }

    @Override
    public GemmPlan plan(HardwareConfig hw, GemmContext g) {
        if (hw.template() == Template.SYSTOLIC) return Target.of(hw).plan(g);  // one fold order: nothing to search
        Key key = new Key(hw.digest(), new GemmContext("", g.m(), g.n(), g.k(), g.weight(), g.aHome(), g.bHome(), g.cHome(), g.cores(), g.epilogue()));
        Found f = cache.get(key);
        boolean cached = f != null;
        if (f == null) {
            f = find(hw, g);
            cache.put(key, f);
        }
        GemmPlan p = f.plan();
        choices.add(new Choice(g.name(), g.m(), g.n(), g.k(), g.sparse(), g.cores(), p.tile(), p.splits(),
                p.estimatedCycles(), f.simulatedCycles(), cached ? 0 : f.costed(), cached ? 0 : f.simulated(), cached, p.stages(),
                p.raster().label()));
        return p;
    }

    /**
     * A {@code top-k} search simulates no mapping with more than this many times the heuristic's tile steps
     * ({@code exhaustive} simulates every legal one, as asked). A candidate's program
     * and the engine's event graph grow with its tile steps, so without a bound one fine tiling of a large GEMM (e.g.
     * 48×64×32 tiles of 14336×8192×4096, about 20 times the heuristic's steps) needs several GB of heap to be measured;
     * with it a search needs at most a few times what simulating the heuristic's mapping needs. Such fine tilings pay
     * per-step overheads the cost model already charges, so the bound drops what would rarely win.
     */
    static final long MAX_TILE_STEP_RATIO = 4;

    /** Output tiles × K steps: what a mapping's program and its simulation grow with. */
    static long tileSteps(GemmPlan p, GemmContext g) {
        return (long) p.tilesM(g.m()) * p.tilesN(g.n()) * ((g.k() + p.tile().bk() - 1) / p.tile().bk());
    }

    private static boolean sameMapping(GemmPlan a, GemmPlan b) {
        return a.tile().equals(b.tile()) && a.splits() == b.splits() && a.splitLength() == b.splitLength() && a.stages() == b.stages()
                && a.raster() == b.raster();
    }

    private Found find(HardwareConfig hw, GemmContext g) {
        // The heuristic's space is double-buffered tilings with power-of-two tiles and split counts; a search also tries
        // deeper pipelines, M/N tiles of three times a power of two and every split count (whose unit counts can fill the
        // waves where powers of two cannot).
        List<Tiler.Candidate> all = Tiler.candidates(hw, g, search.simulates() ? Tiler.MAX_STAGES : Tiler.OPERAND_SLOTS, search.simulates());
        GemmPlan heuristic = Tiler.plan(hw, g, all.stream().filter(c -> Tiler.inHeuristicSpace(hw, g, c.plan())).toList());
        if (!search.simulates()) return new Found(heuristic, null, all.size(), 0);
        List<Tiler.Candidate> ranked = Tiler.ranked(all);
        // The heuristic's own pick is always among those simulated, so a search never does worse than it.
        List<GemmPlan> chosen = new ArrayList<>();
        chosen.add(heuristic);
        long stepBudget = MAX_TILE_STEP_RATIO * tileSteps(heuristic, g);
        for (Tiler.Candidate c : ranked) {
            if (chosen.size() >= search.topK()) break;
            if (!search.equals(Search.EXHAUSTIVE) && tileSteps(c.plan(), g) > stepBudget) continue;
            if (!sameMapping(c.plan(), heuristic)) chosen.add(Tiler.refine(hw, g, c.plan()));
        }
        GemmPlan best = null;
        long bestCycles = Long.MAX_VALUE;
        for (GemmPlan p : chosen) {
            long c = evaluator.cycles(hw, g, p);
            if (c < bestCycles) {
                best = p;
                bestCycles = c;
            }
        }
        // The tile order: the cost model's first touches follow the row-major order, so it cannot rank the others;
        // the winner is simulated in each other order (only where there are two or more tiles each way) and the
        // fastest order kept (ties keep the earlier order, row-major first).
        int simulated = chosen.size();
        int tilesM = best.tilesM(g.m()), tilesN = best.tilesN(g.n());
        if (tilesM > 1 && tilesN > 1) {
            GemmPlan rowMajor = best;
            for (Raster r : Raster.values()) {
                if (r == rowMajor.raster()) continue;
                GemmPlan p = rowMajor.withRaster(r);
                long c = evaluator.cycles(hw, g, p);
                simulated++;
                if (c < bestCycles) {
                    best = p;
                    bestCycles = c;
                }
            }
        }
        return new Found(best, bestCycles, all.size(), simulated);
    }
}
