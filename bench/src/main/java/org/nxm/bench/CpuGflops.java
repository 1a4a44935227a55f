package org.nxm.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.function.Supplier;
import org.nxm.model.tensor.MatMul;
import org.nxm.model.tensor.Matrix;

/**
 * Matmul throughput per CPU-second, for machines whose cores are shared: wall-clock GFLOP/s (what JMH
 * reports) falls with every other process, while FLOPs per second of CPU time this process actually got
 * do not (much). Prints, per shape and kernel, GFLOP per CPU-second (≈ GFLOP/s per dedicated core) and
 * the implied figure for the cores the JVM sees. Run:
 * {@code java --add-modules jdk.incubator.vector -cp bench/target/nxm-benchmarks.jar org.nxm.bench.CpuGflops}
 */
public final class CpuGflops {
    private CpuGflops() {}

    public static void main(String[] args) {
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "Vector API: %s, cores: %d%n", MatMul.VECTOR_API, cores);
        for (String shape : new String[] {"128x384x1536", "512x512x512"}) {
            String[] p = shape.split("x");
            int n = Integer.parseInt(p[0]), k = Integer.parseInt(p[1]), m = Integer.parseInt(p[2]);
            Matrix a = MatMulBench.random(n, k, 1), b = MatMulBench.random(k, m, 2), w = MatMulBench.random(m, k, 3);
            double flops = 2.0 * n * k * m;
            report(shape, "vector X·Wᵀ", flops, cores, () -> MatMul.multiplyTransposed(a, w));
            report(shape, "vector A·B ", flops, cores, () -> MatMul.multiply(a, b));
            report(shape, "plain  X·Wᵀ", flops, cores, () -> MatMul.multiplyTransposedPlain(a, w));
            report(shape, "plain  A·B ", flops, cores, () -> MatMul.multiplyPlain(a, b));
        }
        EncoderBench enc = new EncoderBench();
        enc.sentences = 64;
        enc.setup();
        double encoderFlops = 0;
        for (var spec : enc.encoder.config().linears()) encoderFlops += 2.0 * enc.batch.rows() * spec.in() * spec.out();
        System.out.printf(Locale.ROOT, "encoder: batch %d x %d tokens, %.2f GFLOP in Linears per forward%n",
                enc.batch.batchSize(), enc.batch.seqLen(), encoderFlops / 1e9);
        report("MiniLM-L6", "forward (Linear GFLOP) ", encoderFlops, cores, enc::forward);
    }

    private static void report(String shape, String kernel, double flops, int cores, Supplier<?> op) {
        // Warm-up long enough that JIT compiler threads (whose CPU time counts too) are done.
        for (long end = System.nanoTime() + 4_000_000_000L; System.nanoTime() < end; ) op.get();
        double[] perCpuSecond = new double[3];
        double wall = 0;
        for (int rep = 0; rep < 3; rep++) {
            long cpu0 = cpuNanos(), t0 = System.nanoTime();
            int ops = 0;
            while (System.nanoTime() - t0 < 2_000_000_000L) { op.get(); ops++; }
            double cpu = (cpuNanos() - cpu0) / 1e9, secs = (System.nanoTime() - t0) / 1e9;
            perCpuSecond[rep] = flops * ops / cpu / 1e9;
            wall = flops * ops / secs / 1e9;
        }
        java.util.Arrays.sort(perCpuSecond);
        System.out.printf(Locale.ROOT, "%-13s %s: %.2f CPU-ms per op%n", shape, kernel, flops / perCpuSecond[1] / 1e6);
        System.out.printf(Locale.ROOT, "%-13s %s: %7.1f GFLOP per CPU-s (x%d cores = %6.1f GFLOP/s); wall %6.1f GFLOP/s%n",
                shape, kernel, perCpuSecond[1], cores, perCpuSecond[1] * cores, wall);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
