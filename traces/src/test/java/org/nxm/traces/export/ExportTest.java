package org.nxm.traces.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.traces.RandomTraces;
import org.nxm.traces.TraceEvent;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.format.NxmtReader;
import org.nxm.traces.format.NxmtWriter;
import org.nxm.traces.format.WriterOptions;

class ExportTest {
    @TempDir
    Path dir;

    private Path trace(TraceHeader h, List<TraceEvent> events) {
        Path p = dir.resolve("t.nxmt");
        try (NxmtWriter w = NxmtWriter.open(p, h, WriterOptions.defaults().withChunkEvents(333))) {
            for (TraceEvent e : events) e.emitTo(w);
        }
        return p;
    }

    @Test
    void chromeJsonParsesBackWithTheDocumentedStructure() throws Exception {
        TraceHeader h = RandomTraces.header();
        List<TraceEvent> events = RandomTraces.events(1, 3000, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (NxmtReader r = NxmtReader.open(trace(h, events))) {
            ChromeTraceExport.write(r, out, ChromeTraceExport.TimeUnit.MICROSECONDS);
        }
        JsonNode root = new ObjectMapper().readTree(out.toByteArray());
        assertEquals("us", root.get("otherData").get("time_unit").asText());
        assertEquals(1.41e9, root.get("otherData").get("clock_hz").asDouble());
        assertEquals("minilm-l6", root.get("otherData").get("meta.model").asText());
        assertEquals("nxm trace export", root.get("otherData").get("generator").asText());
        assertEquals("ns", root.get("displayTimeUnit").asText());
        JsonNode evs = root.get("traceEvents");
        assertTrue(evs.isArray());
        Map<Integer, String> threadNames = new HashMap<>();
        int unitEvents = 0, layerSpans = 0;
        for (JsonNode e : evs) {
            String ph = e.get("ph").asText();
            int pid = e.get("pid").asInt();
            if (ph.equals("M") && e.get("name").asText().equals("thread_name") && pid == ChromeTraceExport.HARDWARE_PID)
                threadNames.put(e.get("tid").asInt(), e.get("args").get("name").asText());
            if (ph.equals("X") && pid == ChromeTraceExport.HARDWARE_PID) {
                TraceEvent t = events.get(unitEvents++);
                assertEquals(t.unit(), e.get("tid").asInt());
                assertEquals(t.kind().name().toLowerCase(), e.get("name").asText());
                assertEquals(t.start() * 1e6 / 1.41e9, e.get("ts").asDouble(), 1e-9);
                assertEquals(t.duration() * 1e6 / 1.41e9, e.get("dur").asDouble(), 1e-9);
                JsonNode args = e.get("args");
                assertEquals(t.bytes(), args.get("bytes").asLong());
                assertEquals(t.macs(), args.get("macs").asLong());
                assertEquals(t.op(), args.get("op").asInt());
                assertEquals(t.start(), args.get("start_cycle").asLong());
                assertEquals(h.layerName(t.layer()), args.get("layer").asText());
            }
            if (ph.equals("X") && pid == ChromeTraceExport.LAYER_PID) {
                layerSpans++;
                assertEquals("layer", e.get("cat").asText());
                assertTrue(h.layers().contains(e.get("name").asText()));
            }
        }
        assertEquals(events.size(), unitEvents);
        assertEquals(h.layers().size(), layerSpans);
        for (int u = 0; u < h.units().size(); u++) assertTrue(threadNames.get(u).startsWith(h.units().get(u).name() + " ("));
    }

    @Test
    void chromeCyclesModeWritesRawCycles() throws Exception {
        TraceHeader h = RandomTraces.header();
        List<TraceEvent> events = RandomTraces.events(2, 100, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (NxmtReader r = NxmtReader.open(trace(h, events))) {
            ChromeTraceExport.write(r, out, ChromeTraceExport.TimeUnit.CYCLES);
        }
        JsonNode root = new ObjectMapper().readTree(out.toByteArray());
        assertEquals("cycles", root.get("otherData").get("time_unit").asText());
        int i = 0;
        for (JsonNode e : root.get("traceEvents")) {
            if (e.get("ph").asText().equals("X") && e.get("pid").asInt() == ChromeTraceExport.HARDWARE_PID) {
                assertEquals(events.get(i).start(), e.get("ts").asLong());
                assertEquals(events.get(i++).duration(), e.get("dur").asLong());
            }
        }
        assertEquals(100, i);
    }

    @Test
    void overlappingLayersGetSeparateLanes() {
        long[][] spans = {{0, 100, 0, 0}, {50, 150, 0, 0}, {100, 200, 0, 0}, {Long.MAX_VALUE, 0, 0, 0}};
        int[] lanes = ChromeTraceExport.lanes(spans);
        assertEquals(0, lanes[0]);
        assertEquals(1, lanes[1]);
        assertEquals(0, lanes[2]);
    }

    @Test
    void csvHasOneRowPerEvent() throws Exception {
        TraceHeader h = RandomTraces.header();
        List<TraceEvent> events = RandomTraces.events(4, 2000, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (NxmtReader r = NxmtReader.open(trace(h, events))) {
            CsvExport.write(r, out);
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(CsvExport.HEADER, lines[0]);
        assertEquals(events.size() + 1, lines.length);
        for (int i = 0; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            String[] c = lines[i + 1].split(",", -1);
            assertEquals(12, c.length, lines[i + 1]);
            assertEquals(e.start(), Long.parseLong(c[0]));
            assertEquals(e.duration(), Long.parseLong(c[1]));
            assertEquals(e.end(), Long.parseLong(c[2]));
            assertEquals(e.unit(), Integer.parseInt(c[3]));
            assertEquals(h.units().get(e.unit()).name(), c[4]);
            assertEquals(e.kind().name().toLowerCase(), c[6]);
            assertEquals(e.layer(), Integer.parseInt(c[7]));
            assertEquals(h.layerName(e.layer()), c[8]);
            assertEquals(e.op(), Integer.parseInt(c[9]));
            assertEquals(e.bytes(), Long.parseLong(c[10]));
            assertEquals(e.macs(), Long.parseLong(c[11]));
        }
        assertEquals("\"a,b\"", CsvExport.quote("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvExport.quote("say \"hi\""));
    }
}
