package org.nxm.compiler.target;

import java.util.function.Function;
import org.nxm.compiler.weighttile.WeightFormat;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.hardware.Template;
import org.nxm.compiler.program.MemoryLevel;
import org.nxm.compiler.program.TileShape;
import org.nxm.compiler.tile.CostModel;
import org.nxm.compiler.tile.GemmContext;
import org.nxm.compiler.tile.GemmPlan;
import org.nxm.model.sparsity.NmPattern;

/**
 * What the compiler compiles for and the simulator times: one of the two array templates, with the
 * figures of its {@link HardwareConfig}. A target owns what differs between the templates — its
 * tiler, the per-K-step cycles of its cost model, the shape of one MMA instruction, its buffer
 * capacities, the weight layout it reads — so the passes ask the target instead of switching on
 * {@link HardwareConfig#template()} and testing which sections of the config are null.
 *
 * <p>The machine model (the timing simulator) lives in the {@code simulator} module, which depends on
 * this one; it picks its machine with {@link #match}, whose two arms make the choice exhaustive.
 */
public sealed interface Target permits TensorCoreTarget, SystolicTarget {

    /** The target a hardware config describes. */
    static Target of(HardwareConfig hw) {
        return hw.template() == Template.SYSTOLIC ? new SystolicTarget(hw) : new TensorCoreTarget(hw);
    }

    /** The figures this target is built from. */
    HardwareConfig hw();

    /** One arm per template: how code outside this module (the simulator's machines) dispatches. */
    <R> R match(Function<TensorCoreTarget, R> tensorCore, Function<SystolicTarget, R> systolic);

    // ---- tiler ---------------------------------------------------------------------------------------

    /** The tiling of one GEMM (the tile pass). */
    GemmPlan plan(GemmContext g);

    // ---- cost model ----------------------------------------------------------------------------------

    /** The cost model's estimate of one tiled GEMM ({@link CostModel#estimate}). */
    default CostModel.Breakdown estimate(GemmContext g, TileShape t, int splits, int splitLength) {
        return CostModel.estimate(this, g, t, splits, splitLength);
    }

    /**
     * Cycles of one K-step of one work unit on one core, before the per-step synchronisation the cost
     * model adds.
     *
     * @param aStep bytes of the A tile (weight values or activations) of one K-step
     * @param metaStep bytes of its metadata
     * @param bStep bytes of the B tile
     */
    double kStepCycles(GemmContext g, TileShape t, long aStep, long metaStep, long bStep);

    /** Latency of one MMA (the cost model charges one per K-step and one per epilogue); 0 if none. */
    int mmaLatencyCycles();

    /** Latency of the first DRAM byte; 0 when the template has no DRAM model of its own. */
    int dramLatencyCycles();

    /** Bytes per cycle at which a finished output tile drains from the accumulators (the epilogue). */
    double epilogueBytesPerCycle();

    /** Bytes per cycle at which the first K-step's operands arrive from DRAM (pipeline fill). */
    double fillBytesPerCycle();

    // ---- machine shape ---------------------------------------------------------------------------------

    /**
     * K that one MMA instruction of a K-step of tile {@code t} consumes: the MMA's k (k·m/n sparse) on a
     * tensor core; the whole K-step on a systolic array (one fold).
     *
     * @param weight format of the A operand when it is a weight, else null
     */
    int mmaK(WeightFormat weight, TileShape t);

    /** Rows (output M) of one MMA instruction: the MMA's m, or the array's rows. */
    int mmaRows();

    /** Columns (output N) of one MMA instruction: the MMA's n, or the array's columns. */
    int mmaCols();

    /** MMA instructions for one K-step of a bm×bn×bk tile (partial instructions count whole). */
    long mmaInstructions(int bm, int bn, int bk, int mmaK);

    /** Dense multiply-accumulates per cycle of one core. */
    double denseMacsPerCyclePerCore();

    /** Per-core capacity of a buffer level that holds slots (SHARED or REGISTER). */
    long bufferCapacity(MemoryLevel level);

    /** How this target stores a weight of pattern {@code p} (null or n = m: dense). */
    WeightFormat weightFormat(NmPattern p);
}
