package org.nxm.traces.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.traces.EventKind;
import org.nxm.traces.MemoryLevel;
import org.nxm.traces.TraceException;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.Unit;
import org.nxm.traces.UnitKind;
import org.nxm.traces.export.ChromeTraceExport;
import org.nxm.traces.format.NxmtReader;
import org.nxm.traces.format.NxmtWriter;
import org.nxm.traces.format.WriterOptions;

/**
 * Totals over many chunks of valid events: each event may carry up to 2^61-1 cycles, bytes or MACs, so a few of them
 * pass 2^63-1. Totals are exact: up to the limit they equal the arbitrary-precision sum; past it the trace is refused
 * with one line naming the file and the chunk, never a wrapped (negative) figure.
 */
class TotalsOverflowTest {
    /** The largest duration, byte or MAC count one event may carry (what the writer and reader accept). */
    static final long MAX = Long.MAX_VALUE / 4;

    @TempDir Path dir;

    private Path trace(String name, int events, EventKind kind, boolean bigDuration, boolean bigBytes, boolean bigMacs) {
        Path p = dir.resolve(name);
        TraceHeader h = new TraceHeader("hw", "d", 1e9, List.of(new MemoryLevel("dram", 64)),
                List.of(new Unit("core0", UnitKind.CORE, -1, 4), new Unit("dram0", UnitKind.DRAM_CHANNEL, 0, 64)),
                List.of("l0"), Map.of());
        try (NxmtWriter w = NxmtWriter.open(p, h, WriterOptions.defaults().withChunkEvents(2))) {
            long start = 0;
            for (int i = 0; i < events; i++) {
                int unit = kind.category() == EventKind.Category.LOAD ? 1 : 0;
                long d = bigDuration ? MAX - start % 2 : 1;
                w.event(kind, unit, Math.min(start, MAX), d, 0, i, bigBytes ? MAX : 0, bigMacs ? MAX : 0);
                start = 1 - start % 2; // starts stay at 0 or 1: ends within the reader's 2^62 limit
            }
        }
        return p;
    }

    @Test
    void totalsUpToTheLimitAreExact() {
        try (NxmtReader r = NxmtReader.open(trace("three.nxmt", 3, EventKind.LOAD_WEIGHTS_DENSE, false, true, true))) {
            TraceStats s = TraceStats.of(r);
            BigInteger expected = BigInteger.valueOf(MAX).multiply(BigInteger.valueOf(3));
            assertEquals(expected, BigInteger.valueOf(s.dramBytes()));
            assertEquals(expected, BigInteger.valueOf(s.macs()));
            assertEquals(expected, BigInteger.valueOf(Summary.of(s, false).dramBytes()));
        }
    }

    @Test
    void bytesPastTheLimitAreRefusedNamingTheFileAndChunk() {
        assertRefused(trace("bytes.nxmt", 6, EventKind.LOAD_WEIGHTS_DENSE, false, true, false), "bytes");
    }

    @Test
    void macsPastTheLimitAreRefused() {
        assertRefused(trace("macs.nxmt", 6, EventKind.MMA_SPARSE, false, false, true), "MACs");
    }

    @Test
    void busyAndStallCyclesPastTheLimitAreRefused() {
        assertRefused(trace("busy.nxmt", 6, EventKind.MMA_DENSE, true, false, false), "cycles");
        assertRefused(trace("stall.nxmt", 6, EventKind.STALL_MEMORY, true, false, false), "cycles");
    }

    @Test
    void exportLayerTotalsPastTheLimitAreRefused() {
        Path p = trace("export.nxmt", 6, EventKind.LOAD_WEIGHTS_DENSE, false, true, false);
        try (NxmtReader r = NxmtReader.open(p)) {
            TraceException e = assertThrows(TraceException.class,
                    () -> ChromeTraceExport.write(r, java.io.OutputStream.nullOutputStream(), ChromeTraceExport.TimeUnit.CYCLES));
            assertTrue(e.getMessage().startsWith(p.toString() + ": chunk "), e.getMessage());
        }
    }

    private static void assertRefused(Path p, String what) {
        try (NxmtReader r = NxmtReader.open(p)) {
            TraceException e = assertThrows(TraceException.class, () -> TraceStats.of(r));
            String m = e.getMessage();
            // the fifth event is the first whose total passes 2^63-1: chunk 2 of two-event chunks
            assertTrue(m.startsWith(p + ": chunk 2 at offset "), m);
            assertTrue(m.contains(what) && m.contains("exceeds 2^63-1"), m);
            assertEquals(1, m.lines().count());
        }
    }
}
