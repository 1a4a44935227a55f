package org.nxm.compiler;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nxm.compiler.weighttile.WeightFormat;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.LoweredModel;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.program.Edge;
import org.nxm.compiler.program.EdgeKind;
import org.nxm.compiler.program.GemmKind;
import org.nxm.compiler.program.MemoryLevel;
import org.nxm.compiler.program.ModelShape;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.TileOp;
import org.nxm.compiler.program.VectorKind;
import org.nxm.compiler.tile.GemmContext;
import org.nxm.compiler.tile.GemmPlan;
import org.nxm.compiler.tile.Tiler;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.TransformerConfig;

/** Unit tests of the individual passes: lower, tile, encode (formats), schedule. */
class PassesTest {
    @Test
    void loweringHasTheStagesAndMacsOfABertLayer() {
        ModelShape s = ModelShape.of(TransformerConfig.preset("bert-base"), 2, 64);
        LoweredModel lm = Lowering.lower(s);
        long t = s.tokens(), h = s.hidden(), f = s.ffn(), seq = s.seq(), d = s.headDim();
        for (int l = 0; l < s.layers(); l++) {
            final int layer = l;
            List<LoweredModel.Gemm> g = lm.stages().stream().filter(x -> x.layer() == layer && x instanceof LoweredModel.Gemm)
                    .map(x -> (LoweredModel.Gemm) x).toList();
            assertEquals(6, g.stream().filter(x -> x.kind() == GemmKind.LINEAR).count());
            assertEquals(2L * s.batch() * s.heads(), g.stream().filter(x -> x.kind() != GemmKind.LINEAR).count());
            long macs = g.stream().mapToLong(x -> (long) x.m() * x.n() * x.k()).sum();
            assertEquals(4 * t * h * h + 2 * t * h * f + 2L * s.batch() * s.heads() * seq * seq * d, macs);
            List<VectorKind> vec = lm.stages().stream().filter(x -> x.layer() == layer && x instanceof LoweredModel.Vector)
                    .map(x -> ((LoweredModel.Vector) x).kind()).toList();
            assertEquals(List.of(VectorKind.SOFTMAX, VectorKind.ADD, VectorKind.LAYERNORM, VectorKind.ADD, VectorKind.LAYERNORM), vec);
            assertTrue(g.stream().filter(x -> x.name().endsWith("intermediate")).allMatch(x -> x.epilogue().equals(List.of(VectorKind.BIAS, VectorKind.GELU))));
        }
    }

    @Test
    void tilesRespectAlignmentAndBuffersForRandomCapacities() {
        SplittableRandom r = new SplittableRandom(5);
        HardwareConfig a100 = HardwareConfig.preset("a100");
        WeightFormat f = WeightFormat.choose(a100, NmPattern.TWO_FOUR);
        assertEquals(WeightFormat.CUTLASS, f.layout());
        assertEquals(WeightFormat.NM, WeightFormat.choose(HardwareConfig.preset("edge-4"), NmPattern.TWO_FOUR).layout());
        for (int i = 0; i < 40; i++) {
            long cap = 8192 + r.nextLong(200_000);
            HardwareConfig hw = GemmPropertyTest.withShared(a100, cap);
            int m = 32 * (1 + r.nextInt(100)), n = 1 + r.nextInt(600), k = 32 * (1 + r.nextInt(100));
            GemmContext g = new GemmContext("g", m, n, k, f, MemoryLevel.L2, MemoryLevel.L2, MemoryLevel.L2, hw.cores());
            GemmPlan p = Tiler.plan(hw, g);
            var t = p.tile();
            assertEquals(0, t.bm() % 32, p.toString());
            assertEquals(0, t.bn() % 8, p.toString());
            assertEquals(0, t.bk() % 32, p.toString());
            long operands = f.valueBytes(t.bm(), t.bk()) + f.metadataBytes(t.bm(), t.bk()) + (long) t.bk() * t.bn() * 2;
            assertTrue(2 * operands <= cap, p + " in " + cap);
            assertTrue(2L * t.bm() * t.bn() * 4 <= hw.operandBufferBytes());
            assertTrue(p.splits() >= 1 && (long) p.splits() * p.splitLength() >= k && (long) (p.splits() - 1) * p.splitLength() < k, p.toString());
        }
    }

    @Test
    void metadataIsOneSixteenthOfDenseForTwoFourFp16AndPackedIndicesOtherwise() {
        WeightFormat cutlass = WeightFormat.choose(HardwareConfig.preset("a100"), NmPattern.TWO_FOUR);
        assertEquals(768L * 768 * 2 / 16, cutlass.metadataBytes(768, 768));
        WeightFormat nm = WeightFormat.choose(HardwareConfig.preset("edge-16"), new NmPattern(2, 8));
        assertEquals(64L * ((256 / 8 * 2 * 3 + 7) / 8), nm.metadataBytes(64, 256)); // 3 bits per kept value
        assertEquals(64L * 256 / 4, nm.valueBytes(64, 256));
    }

    @Test
    void doubleBufferingLetsTheNextLoadOverlapTheCurrentMma() {
        Program p = Compiler.compile(new Compiler.Request(Lowering.singleGemm(64, 8, 4096), HardwareConfig.preset("edge-4"),
                NmPattern.TWO_FOUR, null, null)).program();
        List<TileOp.Mma> mmas = p.ops().stream().filter(o -> o instanceof TileOp.Mma).map(o -> (TileOp.Mma) o)
                .filter(m -> m.core() == 0).toList();
        assertTrue(mmas.size() >= 3, "K-steps on core 0: " + mmas.size());
        int checked = 0;
        for (int i = 2; i < mmas.size(); i++) {
            TileOp.Mma cur = mmas.get(i), prev = mmas.get(i - 1), prev2 = mmas.get(i - 2);
            if (!cur.accumulate() || !prev.accumulate()) continue;
            checked++;
            assertNotEquals(cur.aSlot(), prev.aSlot());
            assertEquals(cur.aSlot(), prev2.aSlot());
            TileOp.LoadWeightValues load = (TileOp.LoadWeightValues) p.ops().stream()
                    .filter(o -> o instanceof TileOp.LoadWeightValues && o.id() < cur.id() && o.core() == 0 && o.slot() == cur.aSlot())
                    .reduce((a, b) -> b).orElseThrow();
            int[] preds = p.graph().predecessors(load.id());
            assertTrue(java.util.Arrays.stream(preds).anyMatch(x -> x == prev2.id()), "waits for the MMA two steps back");
            assertFalse(java.util.Arrays.stream(preds).anyMatch(x -> x == prev.id()), "does not wait for the previous MMA");
            Edge e = p.edges().stream().filter(x -> x.from() == prev2.id() && x.to() == load.id()).findFirst().orElseThrow();
            assertEquals(EdgeKind.BUFFER_REUSE, e.kind());
        }
        assertTrue(checked > 0, "no unit with three K-steps on core 0");
    }
}
