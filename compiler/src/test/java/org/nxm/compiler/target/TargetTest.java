package org.nxm.compiler.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nxm.compiler.weighttile.WeightFormat;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.program.MemoryLevel;
import org.nxm.compiler.program.TileShape;
import org.nxm.model.io.InputException;
import org.nxm.model.sparsity.NmPattern;

class TargetTest {
    @Test
    void templateChoosesTheTarget() {
        assertInstanceOf(TensorCoreTarget.class, Target.of(HardwareConfig.preset("a100")));
        assertInstanceOf(SystolicTarget.class, Target.of(HardwareConfig.preset("systolic-32x32-os")));
        assertEquals("tc", Target.of(HardwareConfig.preset("edge-4")).match(t -> "tc", s -> "sys"));
        assertEquals("sys", Target.of(HardwareConfig.preset("systolic-128x128-ws")).match(t -> "tc", s -> "sys"));
        assertThrows(InputException.class, () -> new SystolicTarget(HardwareConfig.preset("a100")));
        assertThrows(InputException.class, () -> new TensorCoreTarget(HardwareConfig.preset("systolic-32x32-os")));
    }

    @Test
    void tensorCoreMachineShape() {
        HardwareConfig a100 = HardwareConfig.preset("a100");
        Target t = Target.of(a100);
        var mma = a100.mma();
        assertEquals(mma.m(), t.mmaRows());
        assertEquals(mma.n(), t.mmaCols());
        WeightFormat sparse = t.weightFormat(NmPattern.TWO_FOUR);
        assertEquals(WeightFormat.CUTLASS, sparse.layout());
        assertEquals(2 * mma.k(), t.mmaK(sparse, new TileShape(64, 64, 64)));
        assertEquals(mma.k(), t.mmaK(null, new TileShape(64, 64, 64)));
        // A 33×9×(2k+1) K-step needs ceil(33/m)·ceil(9/n)·ceil((2k+1)/k) instructions.
        long expect = (long) ((33 + mma.m() - 1) / mma.m()) * ((9 + mma.n() - 1) / mma.n()) * 3;
        assertEquals(expect, t.mmaInstructions(33, 9, 2 * mma.k() + 1, mma.k()));
        assertEquals(a100.shared().capacityBytes(), t.bufferCapacity(MemoryLevel.SHARED));
        assertEquals(a100.operandBufferBytes(), t.bufferCapacity(MemoryLevel.REGISTER));
        assertEquals(WeightFormat.DENSE, t.weightFormat(new NmPattern(4, 4)).layout());
    }

    @Test
    void systolicMachineShape() {
        HardwareConfig hw = HardwareConfig.preset("systolic-32x32-os");
        Target t = Target.of(hw);
        assertEquals(32, t.mmaRows());
        assertEquals(32, t.mmaCols());
        assertEquals(1024.0, t.denseMacsPerCyclePerCore());
        assertEquals(1, t.mmaInstructions(32, 32, 4096, 4096));
        assertEquals(96, t.mmaK(null, new TileShape(32, 32, 96)));
        assertEquals((256 + 256) * 1024L, t.bufferCapacity(MemoryLevel.SHARED));
        assertEquals(128 * 1024L, t.bufferCapacity(MemoryLevel.REGISTER));
        assertEquals(WeightFormat.NM, t.weightFormat(NmPattern.TWO_FOUR).layout());
        assertThrows(InputException.class, () -> t.bufferCapacity(MemoryLevel.DRAM));
    }
}
