package org.nxm.traces.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nxm.traces.EventKind;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.TraceSink;
import org.nxm.traces.Unit;
import org.nxm.traces.format.NxmtReader;

/**
 * Writes a trace as Chrome Trace Event JSON (the "JSON Object Format"), which Perfetto (ui.perfetto.dev) and
 * chrome://tracing open. Streams: one pass over the file for the layer spans, one for the events, with
 * Jackson's generator, so memory stays flat.
 *
 * <p>Structure:
 * <ul>
 *   <li>{@code traceEvents}: metadata events ({@code "ph":"M"}) naming process 1 "layers" and process 2 the
 *       hardware, and one thread (track) per unit, {@code tid} = unit index, named after the unit; then one
 *       complete event ({@code "ph":"X"}) per layer on process 1 (layers that overlap in time go on separate
 *       lanes, {@code tid} = lane) and one per trace event on process 2, named after the event kind, with
 *       {@code cat} = kind category and {@code args} = {@code op}, {@code layer}, {@code bytes}, {@code macs},
 *       {@code start_cycle}, {@code cycles}.</li>
 *   <li>{@code ts} and {@code dur} are in microseconds at the trace's clock (the format's unit) by default; with
 *       {@link TimeUnit#CYCLES} they are raw cycles, so the viewer's "us" reads as cycles.</li>
 *   <li>{@code otherData}: generator, hardware, hardware_digest, clock_hz, time_unit, and the header's metadata
 *       as {@code meta.<key>}.</li>
 * </ul>
 */
public final class ChromeTraceExport {
    /** What {@code ts}/{@code dur} count. */
    public enum TimeUnit { MICROSECONDS, CYCLES }

    public static final int LAYER_PID = 1;
    public static final int HARDWARE_PID = 2;

    private ChromeTraceExport() {}

    public static void write(NxmtReader reader, OutputStream out, TimeUnit unit) throws IOException {
        write(reader, out, unit, 0, Long.MAX_VALUE);
    }

    /**
     * Exports only the events overlapping the cycle window [from, to) (layer spans are those of the exported
     * events), reading only the chunks the index says may hold some: a window of a long trace stays small enough
     * for a viewer.
     */
    public static void write(NxmtReader reader, OutputStream out, TimeUnit unit, long from, long to) throws IOException {
        TraceHeader h = reader.header();
        long[][] spans = layerSpans(reader, from, to);
        double scale = unit == TimeUnit.CYCLES ? 1 : 1e6 / h.clockHz();
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("displayTimeUnit", "ns");
            g.writeObjectFieldStart("otherData");
            g.writeStringField("generator", "nxm trace export");
            g.writeStringField("hardware", h.hardwareName());
            g.writeStringField("hardware_digest", h.hardwareDigest());
            g.writeNumberField("clock_hz", h.clockHz());
            g.writeStringField("time_unit", unit == TimeUnit.CYCLES ? "cycles" : "us");
            if (from > 0 || to < Long.MAX_VALUE) {
                g.writeNumberField("window_from_cycle", from);
                g.writeNumberField("window_to_cycle", to);
            }
            for (var e : h.metadata().entrySet()) g.writeStringField("meta." + e.getKey(), e.getValue());
            g.writeEndObject();
            g.writeArrayFieldStart("traceEvents");
            metadata(g, LAYER_PID, 0, "process_name", "name", "layers");
            metadata(g, LAYER_PID, 0, "process_sort_index", "sort_index", 0);
            metadata(g, HARDWARE_PID, 0, "process_name", "name", h.hardwareName().isEmpty() ? "hardware" : h.hardwareName());
            metadata(g, HARDWARE_PID, 0, "process_sort_index", "sort_index", 1);
            for (int i = 0; i < h.units().size(); i++) {
                Unit u = h.units().get(i);
                metadata(g, HARDWARE_PID, i, "thread_name", "name", u.name() + " (" + u.kind().name().toLowerCase(Locale.ROOT) + ")");
                metadata(g, HARDWARE_PID, i, "thread_sort_index", "sort_index", i);
            }
            int[] lanes = lanes(spans);
            int laneCount = Arrays.stream(lanes).max().orElse(-1) + 1;
            for (int lane = 0; lane < laneCount; lane++) metadata(g, LAYER_PID, lane, "thread_name", "name", "layers" + (lane == 0 ? "" : " " + lane));
            for (int l = 0; l < spans.length; l++) {
                if (spans[l][0] == Long.MAX_VALUE) continue;
                g.writeStartObject();
                g.writeStringField("name", h.layers().get(l));
                g.writeStringField("cat", "layer");
                g.writeStringField("ph", "X");
                g.writeNumberField("pid", LAYER_PID);
                g.writeNumberField("tid", lanes[l]);
                g.writeNumberField("ts", spans[l][0] * scale);
                g.writeNumberField("dur", (spans[l][1] - spans[l][0]) * scale);
                g.writeObjectFieldStart("args");
                g.writeNumberField("layer", l);
                g.writeNumberField("start_cycle", spans[l][0]);
                g.writeNumberField("cycles", spans[l][1] - spans[l][0]);
                g.writeNumberField("macs", spans[l][2]);
                g.writeNumberField("bytes", spans[l][3]);
                g.writeEndObject();
                g.writeEndObject();
            }
            String[] kindNames = new String[256];
            String[] categories = new String[256];
            for (EventKind k : EventKind.values()) {
                kindNames[k.code()] = k.name().toLowerCase(Locale.ROOT);
                categories[k.code()] = k.category().name().toLowerCase(Locale.ROOT);
            }
            try {
                reader.replay(from, to, (kind, u, start, duration, layer, op, bytes, macs) -> {
                    try {
                        g.writeStartObject();
                        g.writeStringField("name", kindNames[kind.code()]);
                        g.writeStringField("cat", categories[kind.code()]);
                        g.writeStringField("ph", "X");
                        g.writeNumberField("pid", HARDWARE_PID);
                        g.writeNumberField("tid", u);
                        if (unit == TimeUnit.CYCLES) {
                            g.writeNumberField("ts", start);
                            g.writeNumberField("dur", duration);
                        } else {
                            g.writeNumberField("ts", start * scale);
                            g.writeNumberField("dur", duration * scale);
                        }
                        g.writeObjectFieldStart("args");
                        g.writeNumberField("op", op);
                        g.writeStringField("layer", h.layerName(layer));
                        g.writeNumberField("bytes", bytes);
                        g.writeNumberField("macs", macs);
                        g.writeNumberField("start_cycle", start);
                        g.writeNumberField("cycles", duration);
                        g.writeEndObject();
                        g.writeEndObject();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void metadata(JsonGenerator g, int pid, int tid, String name, String argName, Object value) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("ph", "M");
        g.writeNumberField("pid", pid);
        g.writeNumberField("tid", tid);
        g.writeObjectFieldStart("args");
        if (value instanceof Integer i) g.writeNumberField(argName, i);
        else g.writeStringField(argName, String.valueOf(value));
        g.writeEndObject();
        g.writeEndObject();
    }

    /** Per layer: first start, last end, MACs, bytes (first start = Long.MAX_VALUE when the layer has no events). */
    static long[][] layerSpans(NxmtReader reader, long from, long to) {
        int n = reader.header().layers().size();
        long[][] s = new long[n][4];
        for (long[] r : s) r[0] = Long.MAX_VALUE;
        reader.replay(from, to, (TraceSink) (kind, u, start, duration, layer, op, bytes, macs) -> {
            if (layer < 0) return;
            long[] r = s[layer];
            if (start < r[0]) r[0] = start;
            if (start + duration > r[1]) r[1] = start + duration;
            r[2] = Math.addExact(r[2], macs); // the reader names the file and chunk of an overflow
            r[3] = Math.addExact(r[3], bytes);
        });
        return s;
    }

    /** Greedy interval colouring: a layer goes on the first lane that is free when it starts. */
    static int[] lanes(long[][] spans) {
        Integer[] order = new Integer[spans.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Long.compare(spans[a][0], spans[b][0]));
        List<Long> laneEnd = new ArrayList<>();
        int[] lane = new int[spans.length];
        for (int l : order) {
            if (spans[l][0] == Long.MAX_VALUE) continue;
            int chosen = -1;
            for (int k = 0; k < laneEnd.size(); k++) {
                if (laneEnd.get(k) <= spans[l][0]) {
                    chosen = k;
                    break;
                }
            }
            if (chosen < 0) {
                laneEnd.add(0L);
                chosen = laneEnd.size() - 1;
            }
            laneEnd.set(chosen, spans[l][1]);
            lane[l] = chosen;
        }
        return lane;
    }
}
