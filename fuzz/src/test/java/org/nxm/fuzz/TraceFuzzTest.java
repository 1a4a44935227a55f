package org.nxm.fuzz;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import org.nxm.traces.analysis.BandwidthReport;
import org.nxm.traces.analysis.LayerBreakdown;
import org.nxm.traces.analysis.Summary;
import org.nxm.traces.analysis.Timeline;
import org.nxm.traces.analysis.TraceDiff;
import org.nxm.traces.analysis.TraceStats;
import org.nxm.traces.export.ChromeTraceExport;
import org.nxm.traces.export.CsvExport;
import org.nxm.traces.format.Compression;
import org.nxm.traces.format.NxmtReader;
import org.nxm.traces.format.NxmtWriter;
import org.nxm.traces.format.WriterOptions;
import org.nxm.traces.plot.TracePlots;
import org.nxm.traces.synthetic.SyntheticWorkload;

/** .nxmt traces through the reader and everything {@code nxm trace} does with one: summary, bandwidth, layers, diff, export, plot. */
class TraceFuzzTest extends ReaderFuzzTest {
    @Override String reader() { return "nxmt"; }

    @Override String fileName() { return "fuzz.nxmt"; }

    @Override boolean text() { return false; }

    @Override int ciIterations() { return 600; }

    @Override byte[] repair(byte[] mutated) { return NxmtChecksums.repair(mutated); }

    @Override
    List<byte[]> seeds() throws Exception {
        SyntheticWorkload.Spec spec = new SyntheticWorkload.Spec(2, 16, 32, 64, 2, 2, 4, 2, 2, 1);
        return List.of(write(spec, WriterOptions.defaults().withChunkEvents(64), 200),
                write(spec, WriterOptions.defaults().withChunkEvents(50).withCompression(Compression.DEFLATE), 150));
    }

    private byte[] write(SyntheticWorkload.Spec spec, WriterOptions options, long events) throws Exception {
        Path p = work.resolve("seed-" + events + ".nxmt");
        try (NxmtWriter w = NxmtWriter.open(p, SyntheticWorkload.header(spec), options)) {
            SyntheticWorkload.generate(spec, w, events);
        }
        return read(p);
    }

    @Override
    Fuzzer.Target target() {
        return (input, out) -> {
            TraceStats stats;
            try (NxmtReader r = NxmtReader.open(input)) {
                stats = TraceStats.of(r);
                Summary s = Summary.of(stats, r.truncated());
                Checks.nonNegative("cycles", stats.cycles());
                Checks.nonNegative("macs", stats.macs());
                Checks.nonNegative("dram bytes", stats.dramBytes());
                Checks.finite("summary", s.toString());
                long cycles = r.lastCycle();
                Timeline t = new Timeline(r.header(), Math.max(1, (cycles + 199) / 200), cycles);
                r.replay(t);
                Checks.finite("bandwidth", BandwidthReport.of(t, cycles).toString());
                Checks.finite("layers", LayerBreakdown.of(stats).toString());
                Checks.finite("diff", TraceDiff.of("a", stats, "b", stats).toString());
                CsvExport.write(r, OutputStream.nullOutputStream());
                ChromeTraceExport.write(r, OutputStream.nullOutputStream(), ChromeTraceExport.TimeUnit.CYCLES);
            }
            TracePlots.write(input, out, null, "fuzz");
        };
    }
}
