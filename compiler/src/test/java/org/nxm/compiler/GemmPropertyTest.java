package org.nxm.compiler;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nxm.compiler.weighttile.WeightFormat;
import org.nxm.model.numeric.DType;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.interp.ReferenceInterpreter;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.program.GemmInfo;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.TensorInfo;
import org.nxm.compiler.program.TensorKind;
import org.nxm.compiler.program.TileOp;
import org.nxm.model.io.InputException;
import org.nxm.model.numeric.Float16;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;

/**
 * Property test over random GEMM shapes, patterns, targets and buffer sizes: the program validates
 * (compile runs the validator), MACs and compulsory bytes match the formulas, and the reference
 * interpreter — executing the tile ops in a topological order with plain loops, decoding the compressed
 * weight tiles — reproduces the dense GEMM on the masked weights (float: to rounding; int8: exactly).
 */
class GemmPropertyTest {
    record Case(HardwareConfig hw, NmPattern pattern, int m, int n, int k) {}

    static HardwareConfig withShared(HardwareConfig h, long bytes) {
        var s = new HardwareConfig.SharedBuffer(bytes, h.shared().bytesPerCycle(), h.shared().banks());
        return new HardwareConfig(h.name() + "-shared" + bytes, h.description(), h.template(), h.clockHz(), h.cores(),
                h.tensorCoresPerCore(), h.dtype(), h.mma(), h.sparsePatterns(), h.metadataBytesPerCycle(), h.operandBufferBytes(),
                s, h.l2(), h.dram(), h.vectorElementsPerCycle(), h.systolic());
    }

    static float value(SplittableRandom r, DType t) {
        if (t == DType.I8) return r.nextInt(-9, 10);
        return Float16.toFloat(Float16.fromFloat((float) r.nextGaussian()));
    }

    @Test
    void randomGemmsValidateCountRightAndComputeTheMaskedProduct() {
        SplittableRandom r = new SplittableRandom(20261128);
        List<String> targets = List.of("a100", "edge-4", "edge-16");
        for (int trial = 0; trial < 24; trial++) {
            HardwareConfig base = HardwareConfig.preset(targets.get(trial % 3));
            List<NmPattern> pats = new java.util.ArrayList<>(base.sparsePatterns());
            pats.add(null); // dense
            NmPattern pattern = pats.get(r.nextInt(pats.size()));
            int groupM = pattern == null ? 1 : pattern.m();
            int m = 1 + r.nextInt(150), n = 1 + r.nextInt(120), k = groupM * (1 + r.nextInt(Math.max(1, 300 / groupM)));
            // a random shared buffer between a quarter and all of the preset's
            long shared = base.shared().capacityBytes() / 4 + r.nextLong(base.shared().capacityBytes() * 3 / 4);
            HardwareConfig hw = withShared(base, shared);
            Case c = new Case(hw, pattern, m, n, k);
            check(c, r);
        }
    }

    static void check(Case c, SplittableRandom r) {
        DType dt = c.hw().dtype();
        float[] w = new float[c.m() * c.k()];
        for (int i = 0; i < w.length; i++) w[i] = value(r, dt);
        if (c.pattern() != null) for (int i = 0; i < c.m(); i++) c.pattern().projectInPlace(w, i * c.k(), c.k());
        float[] x = new float[c.n() * c.k()];
        for (int i = 0; i < x.length; i++) x[i] = value(r, dt);
        Matrix wm = new Matrix(c.m(), c.k(), w);
        Program p = Compiler.compile(new Compiler.Request(Lowering.singleGemm(c.m(), c.n(), c.k()), c.hw(), c.pattern(),
                name -> wm, name -> new float[0])).program();
        String at = c.toString();
        GemmInfo g = p.gemm(0);
        long dense = (long) c.m() * c.n() * c.k();
        long macs = c.pattern() == null ? dense : dense / c.pattern().m() * c.pattern().n();
        assertEquals(macs, g.macs(), at);
        assertEquals(macs, p.ops().stream().filter(o -> o instanceof TileOp.Mma).mapToLong(o -> ((TileOp.Mma) o).macs()).sum(), at);
        // compulsory bytes: unique weight values + metadata, activations in, result out
        WeightFormat f = WeightFormat.choose(c.hw(), c.pattern());
        TensorInfo wt = p.tensors().stream().filter(t -> t.kind() == TensorKind.WEIGHT).findFirst().orElseThrow();
        assertEquals(f.valueBytes(c.m(), c.k()), wt.bytes(), at);
        assertEquals(f.metadataBytes(c.m(), c.k()), wt.metadataBytes(), at);
        long valueLoads = p.ops().stream().filter(o -> o instanceof TileOp.LoadWeightValues).mapToLong(TileOp::bytes).sum();
        long metaLoads = p.ops().stream().filter(o -> o instanceof TileOp.LoadMetadata).mapToLong(TileOp::bytes).sum();
        long actLoads = p.ops().stream().filter(o -> o instanceof TileOp.LoadActivations).mapToLong(TileOp::bytes).sum();
        assertTrue(valueLoads >= wt.bytes() && metaLoads >= wt.metadataBytes(), at);
        assertTrue(actLoads >= (long) c.n() * c.k() * dt.bytes(), at);
        // functional: Y[j][i] = sum_k W[i][k] X[j][k]
        int input = p.tensors().stream().filter(t -> t.kind() == TensorKind.INPUT).findFirst().orElseThrow().id();
        int output = p.tensors().stream().filter(t -> t.kind() == TensorKind.OUTPUT).findFirst().orElseThrow().id();
        Map<Integer, float[]> out = ReferenceInterpreter.run(p, Map.of(input, x));
        float[] y = out.get(output);
        for (int j = 0; j < c.n(); j++) {
            for (int i = 0; i < c.m(); i++) {
                double ref = 0, mag = 0;
                for (int kk = 0; kk < c.k(); kk++) {
                    ref += (double) w[i * c.k() + kk] * x[j * c.k() + kk];
                    mag += Math.abs((double) w[i * c.k() + kk] * x[j * c.k() + kk]);
                }
                double got = y[j * c.m() + i];
                if (dt == DType.I8) assertEquals(ref, got, 0.0, at + " y[" + j + "][" + i + "]");
                else assertEquals(ref, got, 1e-6 * mag + 1e-30, at + " y[" + j + "][" + i + "]");
            }
        }
    }

    @Test
    void bertSizedGemmOnEveryTarget() {
        SplittableRandom r = new SplittableRandom(7);
        check(new Case(HardwareConfig.preset("a100"), NmPattern.TWO_FOUR, 256, 64, 768), r);
        check(new Case(HardwareConfig.preset("h100"), NmPattern.TWO_FOUR, 96, 40, 320), r);
        check(new Case(HardwareConfig.preset("systolic-32x32-os"), NmPattern.TWO_FOUR, 70, 50, 96), r);
        check(new Case(HardwareConfig.preset("systolic-128x128-ws"), new NmPattern(1, 4), 130, 70, 200), r);
    }

    @Test
    void bufferTooSmallForTheSmallestTileIsAnInputError() {
        HardwareConfig tiny = withShared(HardwareConfig.preset("a100"), 2048);
        String msg = assertThrows(InputException.class, () -> Compiler.compile(new Compiler.Request(
                Lowering.singleGemm(64, 64, 64), tiny, NmPattern.TWO_FOUR, null, null))).getMessage();
        assertTrue(msg.contains("too small") && msg.contains("2048"), msg);
    }
}
