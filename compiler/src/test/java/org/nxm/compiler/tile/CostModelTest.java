package org.nxm.compiler.tile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nxm.compiler.hardware.ElementType;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.hardware.Template;
import org.nxm.compiler.program.MemoryLevel;
import org.nxm.compiler.program.TileShape;
import org.nxm.compiler.target.Target;
import org.nxm.compiler.weighttile.WeightFormat;
import org.nxm.model.sparsity.NmPattern;

/**
 * The cost model on cases small enough to work out by hand (the arithmetic is in the comments): one core,
 * one tensor core issuing a 16×8×16 fp16 MMA every 2 cycles (latency 10), metadata 4 B/cycle, shared
 * buffer 32 B/cycle, no L2, DRAM 16 B/cycle with 100 cycles latency.
 */
class CostModelTest {
    static final HardwareConfig HW = new HardwareConfig("tiny", "", Template.TENSOR_CORE, 1e9, 1, 1, ElementType.FP16,
            new HardwareConfig.Mma(16, 8, 16, 2, 10), List.of(NmPattern.TWO_FOUR), 4.0, 1 << 16,
            new HardwareConfig.SharedBuffer(1 << 16, 32, 32), null, new HardwareConfig.Dram(16, 100, 1), 8, null);

    private static GemmContext gemm(int m, int n, int k, NmPattern p) {
        WeightFormat w = Target.of(HW).weightFormat(p);
        return new GemmContext("g", m, n, k, w, MemoryLevel.DRAM, MemoryLevel.DRAM, MemoryLevel.DRAM, 1);
    }

    @Test
    void denseTwoKSteps() {
        // 32×16×64 in 32×16×32 tiles: 1 unit of 2 K-steps.
        // K-step: A 32·32·2 = 2048 B, B 32·16·2 = 1024 B; MMAs ceil(32/16)·ceil(16/8)·ceil(32/16) = 8 → issue 16 cycles;
        //   fill (2048 + 1024) / 32 = 96 → the step takes 96. Epilogue 32·16·2 / 32 = 32. Latency 10 per step and per unit.
        //   compute = 2·(96 + 10) + 32 + 10 = 254.
        // Traffic (no L2: all from DRAM): A 32·64·2 = 4096 once per N-tile (1), B 64·16·2 = 2048 once per M-tile (1),
        //   C 32·16·2 = 1024 → 7168 B / 16 = 448 cycles.
        // Fill: DRAM latency 100 + MMA latency 10 + first step's 3072 B at min(16, 32) = 192 → 302.
        // Total max(254, 448) + 302 = 750.
        CostModel.Breakdown b = CostModel.estimate(HW, gemm(32, 16, 64, null), new TileShape(32, 16, 32), 1, 64);
        assertEquals(254, b.computeCycles());
        assertEquals(7168, b.dramBytes());
        assertEquals(448, b.dramCycles());
        assertEquals(0, b.l2Cycles());
        assertEquals(302, b.fillCycles());
        assertEquals(750, b.total());
    }

    @Test
    void operandReReadsPerTile() {
        // N = 32 in tiles of 16: 2 units on the one core, and A is read once per N-tile.
        // compute = 2 units · 254 = 508; traffic A 4096·2 + B 64·32·2 = 4096 + C 32·32·2 = 2048 → 14336 B → 896 cycles.
        // Total 896 + 302 = 1198.
        CostModel.Breakdown b = CostModel.estimate(HW, gemm(32, 32, 64, null), new TileShape(32, 16, 32), 1, 64);
        assertEquals(508, b.computeCycles());
        assertEquals(14336, b.dramBytes());
        assertEquals(896, b.dramCycles());
        assertEquals(1198, b.total());
    }

    @Test
    void sparseMetadataAndInstructionQuantisation() {
        // 2:4 on an NVIDIA-like target: CUTLASS layout, values k/2 per row, metadata k/8 bytes per row.
        // One K-step of 64: values 32·32·2 = 2048 B, metadata 32·64/8 = 256 B, B 64·16·2 = 2048 B.
        // A sparse MMA consumes k·m/n = 32 of K: ceil(32/16)·ceil(16/8)·ceil(64/32) = 8 instructions → 16 cycles;
        //   metadata 256 / 4 = 64 cycles; fill (2048 + 256 + 2048) / 32 = 136 → the step takes 136.
        // compute = 136 + 10 + 32 + 10 = 188. Traffic 2048 + 256 + 2048 + 1024 = 5376 B → 336 cycles.
        // Fill 100 + 10 + ceil(4352 / 16) = 382. Total 336 + 382 = 718.
        CostModel.Breakdown b = CostModel.estimate(HW, gemm(32, 16, 64, NmPattern.TWO_FOUR), new TileShape(32, 16, 64), 1, 64);
        assertEquals(188, b.computeCycles());
        assertEquals(5376, b.dramBytes());
        assertEquals(336, b.dramCycles());
        assertEquals(382, b.fillCycles());
        assertEquals(718, b.total());
        // Quantisation: a 17×9×33 K-step still issues whole 16×8×16 MMAs: 2·2·3 = 12.
        assertEquals(12, CostModel.mmaInstructions(HW, 17, 9, 33, 16));
    }

    @Test
    void systolicFold() {
        // One fold of a 32×32 output-stationary array streams K: 2R + C + T − 2 = 64 + 32 + 100 − 2 = 194 cycles;
        // with 2:4 weights the array holds kept values only, so T = 100·2/4 = 50 → 144.
        Target t = Target.of(HardwareConfig.preset("systolic-32x32-os"));
        GemmContext dense = new GemmContext("g", 32, 32, 100, t.weightFormat(null), MemoryLevel.DRAM, MemoryLevel.DRAM, MemoryLevel.DRAM, 1);
        GemmContext sparse = new GemmContext("g", 32, 32, 100, t.weightFormat(NmPattern.TWO_FOUR), MemoryLevel.DRAM, MemoryLevel.DRAM,
                MemoryLevel.DRAM, 1);
        assertEquals(194.0, t.kStepCycles(dense, new TileShape(32, 32, 100), 0, 0, 0));
        assertEquals(144.0, t.kStepCycles(sparse, new TileShape(32, 32, 100), 0, 0, 0));
    }
}
