package org.nxm.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nxm.admm.linalg.BlockedSolve;
import org.nxm.admm.linalg.Cholesky;
import org.nxm.admm.linalg.Gram;
import org.nxm.admm.pruning.AdmmIterations;
import org.nxm.model.sparsity.NmPattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The pruning hot spots on the largest MiniLM Linear, output.dense (W [384, 1536]), with calibration
 * of 3,500 tokens (about 256 STS-B sentences):
 * <ul>
 *   <li>{@code admmIteration}: one ADMM iteration at a fixed ρ (two triangular solves with 384
 *       right-hand sides of length 1536, projection, dual step) — 2·384·1536²/2 ≈ 0.9 GMAC;</li>
 *   <li>{@code substitutionSolve} / {@code blockedSolve}: that solve alone, row-by-row substitution
 *       ({@code Cholesky.solveInPlace}, the W-step before the speed-up) against blocks of matrix products
 *       ({@code BlockedSolve}, the W-step now); {@code blockedSolvePacking}: its once-per-ρ packing;</li>
 *   <li>{@code choleskyFactor}: the per-ρ factorisation of the 1536×1536 matrix (1536³/6 ≈ 0.6 GMAC);</li>
 *   <li>{@code hessianAccumulation}: XᵀX over 3,500 × 1536 inputs (upper triangle, 3500·1536²/2 ≈ 4.1 GMAC).</li>
 * </ul>
 * Both cores are used (the kernels split work across the common pool).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class PruneBench {
    static final int OUT = 384, IN = 1536, TOKENS = 3500;

    float[] x;
    double[] h;
    float[] w0t;
    AdmmIterations admm;
    Cholesky factor;
    BlockedSolve blocked;
    float[] rhs;

    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(1);
        x = new float[TOKENS * IN];
        for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
        Gram g = new Gram(IN);
        g.add(x, TOKENS);
        h = g.matrix();
        // Preconditioned and damped as AdmmPruner does: unit diagonal plus 1%.
        double[] d = new double[IN];
        for (int j = 0; j < IN; j++) d[j] = Math.sqrt(h[j * IN + j]);
        for (int i = 0; i < IN; i++) for (int j = 0; j < IN; j++) h[i * IN + j] /= d[i] * d[j];
        for (int j = 0; j < IN; j++) h[j * IN + j] += 0.01;
        w0t = new float[IN * OUT];
        for (int i = 0; i < w0t.length; i++) w0t[i] = (float) rnd.nextGaussian();
        admm = new AdmmIterations(h, IN, w0t, OUT, NmPattern.TWO_FOUR, 0.5);
        admm.iterate();   // factorise once, outside the measured iterations
        factor = choleskyFactor();
        blocked = new BlockedSolve(factor);
        rhs = w0t.clone();
    }

    @Benchmark
    public float[] substitutionSolve() {
        float[] b = rhs.clone();
        factor.solveInPlace(b, OUT);
        return b;
    }

    @Benchmark
    public float[] blockedSolve() {
        float[] b = rhs.clone();
        blocked.solveInPlace(b, OUT);
        return b;
    }

    @Benchmark
    public BlockedSolve blockedSolvePacking() {
        return new BlockedSolve(factor);
    }

    @Benchmark
    public int admmIteration() {
        return admm.iterate();
    }

    @Benchmark
    public Cholesky choleskyFactor() {
        double[] a = h.clone();
        for (int j = 0; j < IN; j++) a[j * IN + j] += 0.5;
        return Cholesky.factor(a, IN);
    }

    @Benchmark
    public double[] hessianAccumulation() {
        Gram g = new Gram(IN);
        g.add(x, TOKENS);
        return g.matrix();
    }
}
