package org.nxm.traces.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nxm.traces.EventKind;
import org.nxm.traces.RandomTraces;
import org.nxm.traces.TraceEvent;
import org.nxm.traces.TraceException;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.TraceSink;

class NxmtRoundTripTest {
    @TempDir
    Path dir;

    private Path write(String name, TraceHeader h, List<TraceEvent> events, WriterOptions o) {
        Path p = dir.resolve(name);
        try (NxmtWriter w = NxmtWriter.open(p, h, o)) {
            for (TraceEvent e : events) e.emitTo(w);
        }
        return p;
    }

    @ParameterizedTest
    @CsvSource({"1,NONE,1", "7,NONE,1000", "1000,NONE,5000", "32768,NONE,70000", "7,DEFLATE,1000",
                "1000,DEFLATE,5000", "4096,DEFLATE,20000", "5000,NONE,0", "5000,NONE,5000"})
    void roundTripGivesTheSameEventsAndHeader(int chunk, Compression c, int n) {
        TraceHeader h = RandomTraces.header();
        List<TraceEvent> events = RandomTraces.events(chunk * 31L + n, n);
        Path p = write("t.nxmt", h, events, new WriterOptions(chunk, c, 1));
        try (NxmtReader r = NxmtReader.open(p)) {
            assertFalse(r.truncated());
            assertEquals(h, r.header());
            assertEquals(n, r.eventCount());
            assertEquals((n + chunk - 1) / chunk, r.chunks().size());
            assertEquals(events, r.readAll());
        }
    }

    @Test
    void windowReplayReturnsExactlyTheOverlappingEvents() {
        TraceHeader h = RandomTraces.header();
        List<TraceEvent> events = RandomTraces.events(5, 20_000);
        Path p = write("w.nxmt", h, events, new WriterOptions(500, Compression.NONE, 1));
        long from = 100_000, to = 180_000;
        List<TraceEvent> expected = new ArrayList<>();
        for (TraceEvent e : events) if (e.start() < to && (e.end() > from || e.start() >= from)) expected.add(e);
        List<TraceEvent> got = new ArrayList<>();
        try (NxmtReader r = NxmtReader.open(p)) {
            r.replay(from, to, (k, u, s, d, l, o, b, m) -> got.add(new TraceEvent(k, u, s, d, l, o, b, m)));
        }
        assertEquals(expected, got);
        assertTrue(got.size() > 100);
    }

    @ParameterizedTest
    @CsvSource({"NONE", "DEFLATE"})
    void truncatedFileReadsToItsLastCompleteChunkWithAWarning(Compression c) throws IOException {
        TraceHeader h = RandomTraces.header();
        List<TraceEvent> events = RandomTraces.events(9, 10_000);
        Path p = write("full.nxmt", h, events, new WriterOptions(1000, c, 1));
        long chunk4;
        try (NxmtReader r = NxmtReader.open(p)) {
            chunk4 = r.chunks().get(4).offset();
        }
        byte[] all = Files.readAllBytes(p);
        for (long cut : new long[] {chunk4 + 20, chunk4 + 100, chunk4}) {
            Path t = dir.resolve("cut" + cut + ".nxmt");
            Files.write(t, java.util.Arrays.copyOf(all, (int) cut));
            try (NxmtReader r = NxmtReader.open(t)) {
                assertTrue(r.truncated());
                String w = r.truncationWarning().orElseThrow();
                assertTrue(w.contains("truncated") && w.contains("4 complete chunks"), w);
                assertEquals(events.subList(0, 4000), r.readAll());
            }
        }
        // Cut inside the index: all chunks are still there.
        Path t = dir.resolve("cutindex.nxmt");
        Files.write(t, java.util.Arrays.copyOf(all, all.length - 30));
        try (NxmtReader r = NxmtReader.open(t)) {
            assertTrue(r.truncated());
            assertEquals(events, r.readAll());
        }
    }

    @Test
    void writerThatNeverClosedLeavesAReadableTrace() {
        TraceHeader h = RandomTraces.header();
        List<TraceEvent> events = RandomTraces.events(11, 2500);
        Path p = dir.resolve("crash.nxmt");
        NxmtWriter w = NxmtWriter.open(p, h, new WriterOptions(1000, Compression.NONE, 1));
        for (TraceEvent e : events) e.emitTo(w); // no close: the simulator "crashed"
        try (NxmtReader r = NxmtReader.open(p)) {
            assertTrue(r.truncated());
            assertEquals(events.subList(0, 2000), r.readAll());
        }
        w.close();
    }

    @Test
    void wrongMagicVersionAndCorruptChunkAreOneLineErrors() throws IOException {
        TraceHeader h = RandomTraces.header();
        Path p = write("ok.nxmt", h, RandomTraces.events(3, 3000), new WriterOptions(1000, Compression.NONE, 1));
        byte[] all = Files.readAllBytes(p);

        Path magic = dir.resolve("magic.nxmt");
        byte[] m = all.clone();
        m[0] = 'P';
        m[1] = 'K';
        Files.write(magic, m);
        TraceException e1 = assertThrows(TraceException.class, () -> NxmtReader.open(magic));
        assertTrue(e1.getMessage().contains("not an nxm trace") && e1.getMessage().contains("'PKMT'"), e1.getMessage());

        Path version = dir.resolve("version.nxmt");
        byte[] v = all.clone();
        v[5] = 9;
        Files.write(version, v);
        TraceException e2 = assertThrows(TraceException.class, () -> NxmtReader.open(version));
        assertTrue(e2.getMessage().contains("version 9 is not supported"), e2.getMessage());

        long chunk1;
        try (NxmtReader r = NxmtReader.open(p)) {
            chunk1 = r.chunks().get(1).offset();
        }
        Path corrupt = dir.resolve("corrupt.nxmt");
        byte[] c = all.clone();
        c[(int) chunk1 + NxmtFormat.CHUNK_HEADER_BYTES + 10] ^= 0x55;
        Files.write(corrupt, c);
        try (NxmtReader r = NxmtReader.open(corrupt)) {
            r.readChunk(0);
            TraceException e3 = assertThrows(TraceException.class, () -> r.readChunk(1));
            assertTrue(e3.getMessage().contains("chunk 1 at offset " + chunk1 + " is corrupt: CRC32 mismatch"), e3.getMessage());
            assertFalse(e3.getMessage().contains("\n"));
        }

        Path empty = dir.resolve("empty.nxmt");
        Files.write(empty, new byte[0]);
        assertThrows(TraceException.class, () -> NxmtReader.open(empty));
        assertThrows(TraceException.class, () -> NxmtReader.open(dir.resolve("missing.nxmt")));
    }

    @Test
    void writerRejectsUndeclaredUnitsAndNegativeValues() {
        TraceHeader h = RandomTraces.header();
        try (NxmtWriter w = NxmtWriter.open(dir.resolve("x.nxmt"), h)) {
            assertThrows(IllegalArgumentException.class, () -> w.event(EventKind.VECTOR, 6, 0, 1, 0, 0, 0, 0));
            assertThrows(IllegalArgumentException.class, () -> w.event(EventKind.VECTOR, 0, 0, 1, 3, 0, 0, 0));
            assertThrows(IllegalArgumentException.class, () -> w.event(EventKind.VECTOR, 0, 0, -1, 0, 0, 0, 0));
            w.event(EventKind.VECTOR, 0, 0, 1, -1, -1, 0, 0);
        }
        ByteBuffer.allocate(1);
        assertFalse(TraceSink.none().isEnabled());
    }
}
