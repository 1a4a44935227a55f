package org.nxm.compiler.tile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nxm.model.numeric.DType;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.hardware.Template;
import org.nxm.compiler.program.MemoryLevel;
import org.nxm.compiler.program.TileShape;
import org.nxm.compiler.target.Target;
import org.nxm.compiler.weighttile.WeightFormat;
import org.nxm.model.sparsity.NmPattern;

/**
 * The cost model on cases small enough to work out by hand (the arithmetic is in the comments; the simulator's
 * {@code CostModelAgreementTest} checks that the engine gives the same cycles on one core): one core,
 * one tensor core issuing a 16×8×16 fp16 MMA every 2 cycles (latency 10), metadata 4 B/cycle, shared
 * buffer 32 B/cycle, no L2, DRAM 16 B/cycle with 100 cycles latency.
 */
class CostModelTest {
    static final HardwareConfig HW = new HardwareConfig("tiny", "", Template.TENSOR_CORE, 1e9, 1, 1, DType.F16,
            new HardwareConfig.Mma(16, 8, 16, 2, 10), List.of(NmPattern.TWO_FOUR), 4.0, 1 << 16,
            new HardwareConfig.SharedBuffer(1 << 16, 32, 32), null, new HardwareConfig.Dram(16, 100, 1), 8, null);

    private static GemmContext gemm(int m, int n, int k, NmPattern p) {
        WeightFormat w = Target.of(HW).weightFormat(p);
        return new GemmContext("g", m, n, k, w, MemoryLevel.DRAM, MemoryLevel.DRAM, MemoryLevel.DRAM, 1);
    }

    @Test
    void denseTwoKStepsFollowTheEnginesLaw() {
        // 32×16×64 in 32×16×32 tiles: 1 unit of 2 K-steps on the one core; no L2, so every load holds DRAM and the
        // shared port and pays the DRAM latency. A = 32·32·2 = 2048 B (DRAM 128, port 64 cycles), B = 32·16·2 = 1024 B
        // (DRAM 64, port 32). MMA: 2·2·2 = 8 instructions → pipe 16 cycles; its tensor core reads 16·32·2 + 32·32·2 =
        // 3072 B → port 96 cycles.
        // LA0 0 (→228), LB0 128 (→292), LA1 192 (→420: its buffer is free), MMA0 292 when LB0 is in (port busy to 388),
        // LB1 388 (→552), MMA1 552 → 648 + latency 10 (a store reads it) = 658, store 1024 B: port 32, DRAM 64 → 722.
        // DRAM: 4096 + 2048 + 1024 = 7168 B; from the last load (LB1, started at 388) on, the core's own tail
        // (722 − 388 = 334) holds 1024 + 1024 B, so the others' bytes take (7168 − 2048) / 16 = 320: 654 < 722.
        // Reported: the plain DRAM time 7168 / 16 = 448, and no fill beyond the core's 722.
        CostModel.Breakdown b = CostModel.estimate(HW, gemm(32, 16, 64, null), new TileShape(32, 16, 64 / 2), 1, 64);
        assertEquals(722, b.computeCycles());
        assertEquals(7168, b.dramBytes());
        assertEquals(448, b.dramCycles());
        assertEquals(0, b.l2Cycles());
        assertEquals(0, b.fillCycles());
        assertEquals(722, b.total());
    }

    @Test
    void sparseMetadataAndInstructionQuantisation() {
        // 2:4 on an NVIDIA-like target: CUTLASS layout, values k/2 per row, metadata k/8 bytes per row.
        // One K-step of 64: values 32·32·2 = 2048 B (DRAM 128, port 64), metadata 32·64/8 = 256 B (DRAM 16, port 8),
        // B 64·16·2 = 2048 B (DRAM 128, port 64). LA 0 (→228), LM 128 (→244), LB 144 (→372).
        // A sparse MMA consumes k·m/n = 32 of K: 2·2·2 = 8 instructions → 16 cycles; it reads 16·64·2 activations +
        // 32·32·2 values + 256 metadata = 4352 B → port 136 cycles, metadata unit 256 / 4 = 64: 372 → 508 + 10 = 518;
        // store 1024 B → 582.
        CostModel.Breakdown b = CostModel.estimate(HW, gemm(32, 16, 64, NmPattern.TWO_FOUR), new TileShape(32, 16, 64), 1, 64);
        assertEquals(582, b.computeCycles());
        assertEquals(5376, b.dramBytes());
        assertEquals(582, b.total());
        // Quantisation: a 17×9×33 K-step still issues whole 16×8×16 MMAs: 2·2·3 = 12.
        assertEquals(12, CostModel.mmaInstructions(HW, 17, 9, 33, 16));
    }

    @Test
    void moreTilesThanCoresCostWholeWaves() {
        // N = 32 in tiles of 16: 2 units on the one core, one after the other; the second unit's loads overlap the
        // first's MMAs, so it costs less than twice one unit, and more than one.
        long one = CostModel.estimate(HW, gemm(32, 16, 64, null), new TileShape(32, 16, 32), 1, 64).total();
        long two = CostModel.estimate(HW, gemm(32, 32, 64, null), new TileShape(32, 16, 32), 1, 64).total();
        org.junit.jupiter.api.Assertions.assertTrue(two > one && two < 2 * one, one + " vs " + two);
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
