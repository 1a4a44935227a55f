package org.nxm.compiler.target;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.nxm.compiler.weighttile.WeightFormat;
import org.nxm.model.numeric.DType;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.hardware.Template;
import org.nxm.compiler.program.MemoryLevel;
import org.nxm.compiler.program.TileShape;
import org.nxm.compiler.tile.GemmContext;
import org.nxm.compiler.tile.GemmPlan;
import org.nxm.compiler.tile.Tiler;
import org.nxm.model.io.InputException;
import org.nxm.model.sparsity.NmPattern;

/**
 * Cores of sparse tensor cores fed from shared buffers, L2 and DRAM, as in GPUs. Its config always has
 * the {@code mma}, {@code shared} and {@code dram} sections ({@link HardwareConfig} checks that).
 */
public record TensorCoreTarget(HardwareConfig hw) implements Target {
    public TensorCoreTarget {
        Objects.requireNonNull(hw, "hw");
        if (hw.template() != Template.TENSOR_CORE) {
            throw new InputException("hardware '" + hw.name() + "': template " + hw.template() + ", expected tensor-core");
        }
    }

    @Override
    public <R> R match(Function<TensorCoreTarget, R> tensorCore, Function<SystolicTarget, R> systolic) {
        return tensorCore.apply(this);
    }

    @Override
    public GemmPlan plan(GemmContext g) { return Tiler.plan(hw, g); }

    /** The slowest of the K-step's MMA issue, metadata decode and shared-buffer fill. */
    @Override
    public double kStepCycles(GemmContext g, TileShape t, long aStep, long metaStep, long bStep) {
        int mmaK = g.sparse() ? hw.mmaK(g.weight().pattern()) : hw.mma().k();
        double issue = (double) mmaInstructions(t.bm(), t.bn(), t.bk(), mmaK) * hw.mma().issueIntervalCycles() / hw.tensorCoresPerCore();
        double meta = metaStep / hw.metadataBytesPerCycle();
        double fill = (aStep + metaStep + bStep) / hw.shared().bytesPerCycle();
        return Math.max(issue, Math.max(meta, fill));
    }

    @Override
    public int mmaLatencyCycles() { return hw.mma().latencyCycles(); }

    @Override
    public int dramLatencyCycles() { return hw.dram().latencyCycles(); }

    /** The shared buffer's port. */
    @Override
    public double epilogueBytesPerCycle() { return hw.shared().bytesPerCycle(); }

    /** DRAM into the shared buffer: the slower of the two. */
    @Override
    public double fillBytesPerCycle() { return Math.min(hw.dramBytesPerCycle(), hw.shared().bytesPerCycle()); }

    @Override
    public int mmaK(WeightFormat weight, TileShape t) {
        return weight != null && weight.sparse() ? hw.mmaK(weight.pattern()) : hw.mma().k();
    }

    @Override
    public int mmaRows() { return hw.mma().m(); }

    @Override
    public int mmaCols() { return hw.mma().n(); }

    @Override
    public long mmaInstructions(int bm, int bn, int bk, int mmaK) {
        return (long) ceil(bm, hw.mma().m()) * ceil(bn, hw.mma().n()) * ceil(bk, mmaK);
    }

    @Override
    public double denseMacsPerCyclePerCore() {
        return (double) hw.tensorCoresPerCore() * hw.mma().macs() / hw.mma().issueIntervalCycles();
    }

    @Override
    public long bufferCapacity(MemoryLevel level) {
        return switch (level) {
            case SHARED -> hw.shared().capacityBytes();
            case REGISTER -> hw.operandBufferBytes();
            default -> throw new InputException("buffer slots live in SHARED or REGISTER, not " + level);
        };
    }

    /**
     * CUTLASS's layout for an NVIDIA-like target (2:4 its only sparse pattern, a 16-bit or int8 type),
     * nxm's general N:M otherwise.
     */
    @Override
    public WeightFormat weightFormat(NmPattern p) {
        if (p == null || p.isDense()) return new WeightFormat(WeightFormat.DENSE, null, hw.dtype());
        boolean nvidiaLike = hw.sparsePatterns().equals(List.of(NmPattern.TWO_FOUR)) && hw.dtype() != DType.F32;
        return new WeightFormat(nvidiaLike ? WeightFormat.CUTLASS : WeightFormat.NM, p, hw.dtype());
    }

    private static int ceil(long a, long b) {
        return (int) ((a + b - 1) / b);
    }
}
