package org.nxm.compiler.target;

import java.util.Objects;
import java.util.function.Function;
import org.nxm.compiler.weighttile.WeightFormat;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.hardware.Template;
import org.nxm.compiler.program.GemmInfo;
import org.nxm.compiler.program.MemoryLevel;
import org.nxm.compiler.program.TileShape;
import org.nxm.compiler.tile.GemmContext;
import org.nxm.compiler.tile.GemmPlan;
import org.nxm.compiler.tile.SystolicTiler;
import org.nxm.model.io.InputException;
import org.nxm.model.sparsity.NmPattern;

/**
 * One R×C PE array with output-, weight- or input-stationary dataflow, as in SCALE-Sim. Its config
 * always has the {@code systolic} section and never an {@code mma} ({@link HardwareConfig} checks that).
 * A fold of the array is one "MMA instruction"; its IFMAP+FILTER SRAMs play the shared buffer and its
 * OFMAP SRAM the accumulator buffer.
 */
public record SystolicTarget(HardwareConfig hw) implements Target {
    public SystolicTarget {
        Objects.requireNonNull(hw, "hw");
        if (hw.template() != Template.SYSTOLIC) {
            throw new InputException("hardware '" + hw.name() + "': template " + hw.template() + ", expected systolic");
        }
    }

    /** The array's figures. */
    public HardwareConfig.Systolic array() { return hw.systolic(); }

    /**
     * A compiler GEMM in SCALE-Sim's terms. The compiler's GEMM is C[M×N] = W[M×K]·Xᵀ with the weight as
     * A; SCALE-Sim's is OFMAP[M'×N'] = IFMAP[M'×K]·FILTER[K×N'] with the weight as FILTER, i.e. the same
     * product transposed: M' = N (tokens), N' = M (output features), K = K. This is the one place that
     * translation is made (the tiler's fold geometry and the systolic machine both use it).
     *
     * @param ifmapRows SCALE-Sim's M (the streamed activations' rows)
     * @param filterCols SCALE-Sim's N (the weight's output features)
     * @param k the reduction depth, dense
     * @param pattern N:M pattern of the FILTER (weight) operand, or null for dense
     */
    public record ArrayGemm(String name, int ifmapRows, int filterCols, int k, NmPattern pattern) {}

    /** {@link ArrayGemm} of a compiled GEMM. */
    public static ArrayGemm arrayGemm(GemmInfo g) {
        return new ArrayGemm(g.name(), g.n(), g.m(), g.k(), g.sparse() ? NmPattern.parse(g.pattern()) : null);
    }

    @Override
    public <R> R match(Function<TensorCoreTarget, R> tensorCore, Function<SystolicTarget, R> systolic) {
        return systolic.apply(this);
    }

    @Override
    public GemmPlan plan(GemmContext g) { return SystolicTiler.plan(hw, g); }

    /**
     * One fold, SCALE-Sim's first-order formula: the streamed dimension T plus the array's fill and
     * drain, 2R + C + T − 2. Which GEMM dimension streams depends on the dataflow (see
     * {@link SystolicTiler}).
     */
    @Override
    public double kStepCycles(GemmContext g, TileShape t, long aStep, long metaStep, long bStep) {
        var s = hw.systolic();
        int streamed = switch (s.dataflow()) {
            case OS -> g.sparse() ? t.bk() / g.weight().pattern().m() * g.weight().pattern().n() : t.bk();
            case WS -> t.bn();
            case IS -> t.bm();
        };
        return 2.0 * s.rows() + s.cols() + streamed - 2;
    }

    @Override
    public int mmaLatencyCycles() { return 0; }

    /** SCALE-Sim's DRAM interface has bandwidth and no latency of its own. */
    @Override
    public int dramLatencyCycles() { return 0; }

    /** The array drains its results at the vector unit's rate (its SRAM ports have no limit of their own). */
    @Override
    public double epilogueBytesPerCycle() { return hw.vectorElementsPerCycle(); }

    /** The DRAM interfaces alone (infinite in SCALE-Sim's calc mode). */
    @Override
    public double fillBytesPerCycle() { return hw.dramBytesPerCycle(); }

    @Override
    public int mmaK(WeightFormat weight, TileShape t) { return t.bk(); }

    @Override
    public int mmaRows() { return hw.systolic().rows(); }

    @Override
    public int mmaCols() { return hw.systolic().cols(); }

    @Override
    public long mmaInstructions(int bm, int bn, int bk, int mmaK) { return 1; }

    @Override
    public double denseMacsPerCyclePerCore() { return (double) hw.systolic().rows() * hw.systolic().cols(); }

    @Override
    public long bufferCapacity(MemoryLevel level) {
        var s = hw.systolic();
        return switch (level) {
            case SHARED -> (s.ifmapSramKb() + s.filterSramKb()) * 1024;
            case REGISTER -> s.ofmapSramKb() * 1024;
            default -> throw new InputException("buffer slots live in SHARED or REGISTER, not " + level);
        };
    }

    /** nxm's general N:M layout (kept values + ⌈log2 m⌉-bit indices): the array is not CUTLASS-bound. */
    @Override
    public WeightFormat weightFormat(NmPattern p) {
        if (p == null || p.isDense()) return new WeightFormat(WeightFormat.DENSE, null, hw.dtype());
        return new WeightFormat(WeightFormat.NM, p, hw.dtype());
    }
}
