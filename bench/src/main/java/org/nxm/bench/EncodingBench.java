package org.nxm.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nxm.compiler.encoding.CompressedMatrix;
import org.nxm.compiler.encoding.DefectLog;
import org.nxm.compiler.encoding.DenseMatrix;
import org.nxm.compiler.encoding.Encoding;
import org.nxm.compiler.encoding.Layout;
import org.nxm.compiler.encoding.Verifier;
import org.nxm.model.numeric.DType;
import org.nxm.model.numeric.Float16;
import org.nxm.model.sparsity.NmPattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * 2:4 encode and verify of a float16 [4096, 4096] weight on one core (32 MiB of dense input per
 * operation; GB/s = 33.554 / ms per op). {@code verify} checks every metadata code; {@code
 * verifyAgainstDense} also compares the decode with the dense reference (what
 * {@code nxm verify --against} does).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class EncodingBench {
    @Param({"4096"})
    int size;

    @Param({"cutlass", "nm"})
    String layout;

    DenseMatrix dense;
    Encoding enc;
    CompressedMatrix compressed;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(42);
        ByteBuffer b = ByteBuffer.allocate(size * size * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int g = 0; g < size * size / 4; g++) {
            int a = rnd.nextInt(4), c = (a + 1 + rnd.nextInt(3)) % 4;
            b.putShort(2 * (4 * g + a), Float16.fromFloat((float) rnd.nextGaussian() + 0.01f));
            b.putShort(2 * (4 * g + c), Float16.fromFloat((float) rnd.nextGaussian() + 0.01f));
        }
        dense = new DenseMatrix(DType.F16, size, size, b);
        enc = Encoding.of(Layout.parse(layout), NmPattern.TWO_FOUR, DType.F16);
        compressed = enc.encode(dense);
        if (!Verifier.verify(enc, compressed, dense).isClean()) throw new IllegalStateException("bench input does not verify");
    }

    @Benchmark
    public CompressedMatrix encode() {
        return enc.encode(dense);
    }

    @Benchmark
    public long verify() {
        DefectLog log = Verifier.verify(enc, compressed, null);
        return log.total();
    }

    @Benchmark
    public long verifyAgainstDense() {
        DefectLog log = Verifier.verify(enc, compressed, dense);
        return log.total();
    }

    @Benchmark
    public DenseMatrix decode() {
        return enc.decode(compressed);
    }
}
