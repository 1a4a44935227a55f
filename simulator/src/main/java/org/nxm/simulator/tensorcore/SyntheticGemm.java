package org.nxm.simulator.tensorcore;

import org.nxm.simulator.memory.Footprint;

import java.util.List;
import org.nxm.model.sparsity.NmPattern;

/**
 * A plain double-buffered GEMM schedule built directly as a {@link TcProgram} (tiles dealt to cores in
 * waves, two operand buffers per core), so the machine model can be tested and benchmarked on its own,
 * without the compiler. out[M×N] = X[M×K]·Wᵀ with W [N×K] optionally N:M. Not a replacement for the
 * compiler's tiling: the tile sizes are the caller's.
 *
 * <p>A feature of the simulator's API, not a test fixture: the JMH {@code SimulatorBench} (main code of
 * {@code bench}) times the machine model on it, apart from compile time. The hardware always comes from
 * the caller (for a preset, {@code HardwareParams.from(HardwareConfig.preset(name))}).
 */
public final class SyntheticGemm {
    private SyntheticGemm() {}

    public static TcProgram gemm(TensorCoreParams hw, int m, int n, int k, NmPattern p, int bm, int bn, int bk) {
        TcProgram prog = new TcProgram(List.of("gemm"));
        int e = hw.elementBytes();
        int tilesM = (m + bm - 1) / bm, tilesN = (n + bn - 1) / bn, steps = (k + bk - 1) / bk;
        int tiles = tilesM * tilesN;
        int waves = (tiles + hw.cores() - 1) / hw.cores();
        boolean sparse = p != null && !p.isDense();
        for (int w = 0; w < waves; w++) {
            int[][] mmaOf = new int[hw.cores()][steps];
            for (int s = 0; s < steps; s++) {
                for (int c = 0; c < hw.cores(); c++) {
                    int t = w * hw.cores() + c;
                    if (t >= tiles) continue;
                    int tm = t / tilesN, tn = t % tilesN;
                    int rows = Math.min(bm, m - tm * bm), cols = Math.min(bn, n - tn * bn), depth = Math.min(bk, k - s * bk);
                    int[] war = s >= 2 ? new int[] {mmaOf[c][s - 2]} : new int[0];
                    var act = new Footprint(0, 0, tm * bm, rows, s * bk, depth);
                    int la = prog.add(new TcOp.Load(c, TcOp.Operand.ACTIVATIONS, (long) rows * depth * e, act, 0), war);
                    var wv = new Footprint(1, 0, tn * bn, cols, s * bk, depth);
                    var wm = new Footprint(1, 1, tn * bn, cols, s * bk, depth);
                    long kept = sparse ? (long) depth / p.m() * p.n() : depth;
                    int lw = prog.add(new TcOp.Load(c, sparse ? TcOp.Operand.VALUES : TcOp.Operand.DENSE_WEIGHTS,
                            (long) cols * kept * e, wv, 0), war);
                    int[] deps;
                    if (sparse) {
                        int lm = prog.add(new TcOp.Load(c, TcOp.Operand.METADATA, (cols * kept * p.indexBits() + 7) / 8,
                                wm, 0), war);
                        deps = s > 0 ? new int[] {la, lw, lm, mmaOf[c][s - 1]} : new int[] {la, lw, lm};
                    } else {
                        deps = s > 0 ? new int[] {la, lw, mmaOf[c][s - 1]} : new int[] {la, lw};
                    }
                    mmaOf[c][s] = prog.add(new TcOp.Mma(c, rows, cols, depth, sparse ? p : null, 0), deps);
                }
            }
            for (int c = 0; c < hw.cores(); c++) {
                int t = w * hw.cores() + c;
                if (t >= tiles) continue;
                int tm = t / tilesN, tn = t % tilesN;
                int rows = Math.min(bm, m - tm * bm), cols = Math.min(bn, n - tn * bn);
                prog.add(new TcOp.Store(c, (long) rows * cols * e, new Footprint(2, 0, tm * bm, rows, tn * bn, cols), 0), mmaOf[c][steps - 1]);
            }
        }
        return prog;
    }
}
