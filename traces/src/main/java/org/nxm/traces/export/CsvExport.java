package org.nxm.traces.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.nxm.traces.EventKind;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.format.NxmtReader;

/**
 * Writes one CSV row per event, streaming:
 * {@code start_cycle,duration,end_cycle,unit,unit_name,unit_kind,kind,layer,layer_name,op,bytes,macs}
 * (RFC 4180 quoting for names that need it; layer is -1 and layer_name empty for events outside layers).
 */
public final class CsvExport {
    public static final String HEADER = "start_cycle,duration,end_cycle,unit,unit_name,unit_kind,kind,layer,layer_name,op,bytes,macs";

    private CsvExport() {}

    public static void write(NxmtReader reader, OutputStream out) throws IOException {
        write(reader, out, 0, Long.MAX_VALUE);
    }

    /** Only the events overlapping the cycle window [from, to). */
    public static void write(NxmtReader reader, OutputStream out, long from, long to) throws IOException {
        TraceHeader h = reader.header();
        String[] unitCells = new String[h.units().size()];
        for (int i = 0; i < unitCells.length; i++)
            unitCells[i] = i + "," + quote(h.units().get(i).name()) + "," + h.units().get(i).kind().name().toLowerCase(Locale.ROOT);
        String[] layerCells = new String[h.layers().size() + 1];
        layerCells[0] = "-1,";
        for (int i = 0; i < h.layers().size(); i++) layerCells[i + 1] = i + "," + quote(h.layers().get(i));
        String[] kinds = new String[256];
        for (EventKind k : EventKind.values()) kinds[k.code()] = k.name().toLowerCase(Locale.ROOT);
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        w.write(HEADER);
        w.write('\n');
        StringBuilder sb = new StringBuilder(160);
        try {
            reader.replay(from, to, (kind, u, start, duration, layer, op, bytes, macs) -> {
                sb.setLength(0);
                sb.append(start).append(',').append(duration).append(',').append(start + duration).append(',')
                        .append(unitCells[u]).append(',').append(kinds[kind.code()]).append(',')
                        .append(layerCells[layer + 1]).append(',').append(op).append(',').append(bytes).append(',')
                        .append(macs).append('\n');
                try {
                    w.append(sb);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        w.flush();
    }

    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
