package org.nxm.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nxm.model.tensor.MatMul;
import org.nxm.model.tensor.Matrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * float32 matmul, Vector API kernels vs the plain-loop fallback, both on every core of the JVM's common
 * pool. Shapes are {@code n x k x m}: a [n, k] times b [k, m] ({@code multiply}) or times w [m, k]ᵀ
 * ({@code multiplyTransposed}, the Linear layer X·Wᵀ). GFLOP/s = 2·n·k·m / (µs per op · 1000).
 * 128x384x1536 is MiniLM's FFN up-projection on a 128-token batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class MatMulBench {
    @Param({"128x384x1536", "512x512x512"})
    String shape;

    @Param({"vector", "plain"})
    String kernel;

    Matrix a, b, w;

    @Setup
    public void setup() {
        String[] p = shape.split("x");
        int n = Integer.parseInt(p[0]), k = Integer.parseInt(p[1]), m = Integer.parseInt(p[2]);
        a = random(n, k, 1);
        b = random(k, m, 2);
        w = random(m, k, 3);
        if (!MatMul.VECTOR_API) throw new IllegalStateException("run with --add-modules jdk.incubator.vector");
    }

    static Matrix random(int r, int c, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Matrix m = new Matrix(r, c);
        for (int i = 0; i < m.data().length; i++) m.data()[i] = (float) (rnd.nextDouble() * 2 - 1);
        return m;
    }

    @Benchmark
    public Matrix multiply() {
        return kernel.equals("vector") ? MatMul.multiply(a, b) : MatMul.multiplyPlain(a, b);
    }

    @Benchmark
    public Matrix multiplyTransposed() {
        return kernel.equals("vector") ? MatMul.multiplyTransposed(a, w) : MatMul.multiplyTransposedPlain(a, w);
    }
}
