package org.nxm.compiler.schedule;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.program.MemoryLevel;
import org.nxm.compiler.program.Region;
import org.nxm.compiler.program.TensorInfo;

/**
 * Where a load of a DRAM-resident tensor reads from: its first touch of a tile comes from DRAM; a re-read
 * comes from L2 when the whole tensor fits the quarter of L2 the compiler budgets for residency, else
 * from DRAM again.
 */
final class Residency {
    private final HardwareConfig hw;
    private final List<TensorInfo> tensors;
    private final long l2Budget;
    private final Set<Long> touched = new HashSet<>();

    Residency(HardwareConfig hw, List<TensorInfo> tensors) {
        this.hw = hw;
        this.tensors = tensors;
        this.l2Budget = hw.l2CapacityBytes() / 4;
    }

    /** The level a load of tile {@code r} of {@code tensor} reads from. */
    MemoryLevel source(int tensor, Region r) {
        return firstTouch(tensor, r) ? MemoryLevel.DRAM : reReadLevel(tensor);
    }

    /** True the first time a tile is touched. */
    boolean firstTouch(int tensor, Region r) {
        // a tile is identified by its tensor and origin (tiles of one tensor never share an origin with another size)
        return touched.add(((long) tensor << 44) ^ ((long) r.row0() << 22) ^ r.col0());
    }

    /** Where a re-read of {@code tensor} comes from. */
    MemoryLevel reReadLevel(int tensor) {
        TensorInfo t = tensors.get(tensor);
        return hw.l2() != null && t.bytes() + t.metadataBytes() <= l2Budget ? MemoryLevel.L2 : MemoryLevel.DRAM;
    }
}
