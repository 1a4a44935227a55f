package org.nxm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.nxm.traces.EventKind;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.TraceSink;
import org.nxm.traces.analysis.TraceStats;
import org.nxm.traces.format.Compression;
import org.nxm.traces.format.NxmtReader;
import org.nxm.traces.format.NxmtWriter;
import org.nxm.traces.format.WriterOptions;
import org.nxm.traces.synthetic.SyntheticWorkload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Trace throughput, in events per second (one JMH operation = one event): writing a realistic event stream
 * (the synthetic encoder workload, captured once into primitive arrays so generation is not measured) to a
 * {@code .nxmt} file, replaying it, and computing the summary statistics.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TraceBench {
    static final int EVENTS = 2_000_000;

    @Param({"NONE", "DEFLATE"})
    public String compression;

    TraceHeader header;
    byte[] kind;
    int[] unit;
    long[] start;
    long[] duration;
    int[] layer;
    int[] op;
    long[] bytes;
    long[] macs;
    Path dir;
    Path written;
    Path readBack;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        SyntheticWorkload.Spec spec = SyntheticWorkload.Spec.minilm(2, 4).withBatches(1000);
        header = SyntheticWorkload.header(spec);
        kind = new byte[EVENTS];
        unit = new int[EVENTS];
        start = new long[EVENTS];
        duration = new long[EVENTS];
        layer = new int[EVENTS];
        op = new int[EVENTS];
        bytes = new long[EVENTS];
        macs = new long[EVENTS];
        int[] n = {0};
        SyntheticWorkload.generate(spec, (k, u, s, d, l, o, b, m) -> {
            int i = n[0]++;
            kind[i] = (byte) k.code();
            unit[i] = u;
            start[i] = s;
            duration[i] = d;
            layer[i] = l;
            op[i] = o;
            bytes[i] = b;
            macs[i] = m;
        }, EVENTS);
        dir = Files.createTempDirectory("tracebench");
        written = dir.resolve("w.nxmt");
        readBack = dir.resolve("r.nxmt");
        writeAll(readBack);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(written);
        Files.deleteIfExists(readBack);
        Files.deleteIfExists(dir);
    }

    private void writeAll(Path p) {
        WriterOptions o = WriterOptions.defaults().withCompression(Compression.valueOf(compression));
        EventKind[] kinds = new EventKind[256];
        for (EventKind k : EventKind.values()) kinds[k.code()] = k;
        try (NxmtWriter w = NxmtWriter.open(p, header, o)) {
            for (int i = 0; i < EVENTS; i++) w.event(kinds[kind[i]], unit[i], start[i], duration[i], layer[i], op[i], bytes[i], macs[i]);
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void write() {
        writeAll(written);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void replay(Blackhole bh) {
        long[] sum = {0};
        try (NxmtReader r = NxmtReader.open(readBack)) {
            r.replay((TraceSink) (k, u, s, d, l, o, b, m) -> sum[0] += d + b);
        }
        bh.consume(sum[0]);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void summary(Blackhole bh) {
        try (NxmtReader r = NxmtReader.open(readBack)) {
            TraceStats s = new TraceStats(r.header());
            r.replay(s);
            bh.consume(s.cycles());
        }
    }
}
