package org.nxm.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import org.nxm.compiler.encoding.CompressedMatrix;
import org.nxm.compiler.encoding.Verifier;

/**
 * The {@link EncodingBench} operations timed by this thread's CPU time instead of wall time: on a
 * shared machine (other builds competing for the cores) wall time mostly measures waiting for a
 * core, CPU time what one core needs. Median of 10 runs after 5 warm-ups.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/nxm-benchmarks.jar org.nxm.bench.EncodingCpuTime</pre>
 */
public final class EncodingCpuTime {
    private EncodingCpuTime() {}

    public static void main(String[] args) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (String layout : new String[] {"cutlass", "nm"}) {
            EncodingBench b = new EncodingBench();
            b.size = 4096;
            b.layout = layout;
            b.setup();
            double mib = b.size * (double) b.size * 2;
            for (String op : new String[] {"encode", "verify", "verifyAgainstDense", "decode"}) {
                double[] ms = new double[15];
                for (int i = 0; i < ms.length; i++) {
                    long t0 = mx.getCurrentThreadCpuTime();
                    long sink = switch (op) {
                        case "encode" -> b.encode().metaBytes();
                        case "verify" -> b.verify();
                        case "verifyAgainstDense" -> b.verifyAgainstDense();
                        default -> b.decode().rows();
                    };
                    if (sink < 0) throw new IllegalStateException();
                    ms[i] = (mx.getCurrentThreadCpuTime() - t0) / 1e6;
                }
                double[] tail = Arrays.copyOfRange(ms, 5, 15);
                Arrays.sort(tail);
                double median = (tail[4] + tail[5]) / 2;
                System.out.printf(Locale.ROOT, "%-8s %-20s %7.1f ms/op CPU  %5.2f GB/s of dense float16 input%n",
                        layout, op, median, mib / median / 1e6);
            }
        }
    }
}
