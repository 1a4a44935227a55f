package org.nxm.traces.format;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nxm.traces.MemoryLevel;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.Unit;
import org.nxm.traces.UnitKind;

/**
 * Constants and the header codec of the {@code .nxmt} format (all integers big-endian; see traces/README.md for
 * the byte layout).
 */
public final class NxmtFormat {
    /** "NXMT": the first four bytes of every trace. */
    public static final int FILE_MAGIC = 0x4E584D54;
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;
    /** "NXCK": the first four bytes of every chunk. */
    public static final int CHUNK_MAGIC = 0x4E58434B;
    /** "NXIX": the first four bytes of the chunk index. */
    public static final int INDEX_MAGIC = 0x4E584958;
    /** "NXND": the last four bytes of a complete file. */
    public static final int END_MAGIC = 0x4E584E44;
    /** Fixed prefix of the file: magic, u16 version, u16 flags, u32 header body length. */
    public static final int FILE_PREFIX_BYTES = 12;
    /** Fixed chunk header size. */
    public static final int CHUNK_HEADER_BYTES = 44;
    /** Bytes of the chunk header covered by its CRC (everything before the CRC field). */
    static final int CHUNK_HEADER_CRC_COVERED = 40;
    /** Bytes per index entry: offset, events, minStart, maxEnd, crc. */
    static final int INDEX_ENTRY_BYTES = 32;
    /** The trailer: i64 index offset, u32 index length, END_MAGIC. */
    public static final int TRAILER_BYTES = 16;

    /** Header limits a reader enforces before it allocates: far above any trace nxm writes (a BERT-large has 24 layers). */
    static final int MAX_LEVELS = 64;
    static final int MAX_UNITS = 1 << 16;
    static final int MAX_LAYERS = 1 << 20;
    static final int MAX_METADATA = 1 << 16;
    static final long MAX_LAYER_CELLS = 1 << 22;
    static final double MIN_CLOCK_HZ = 1e3, MAX_CLOCK_HZ = 1e13;
    static final double MIN_PEAK = 1e-6, MAX_PEAK = 1e15;

    private NxmtFormat() {}

    static String magicText(int magic) {
        byte[] b = {(byte) (magic >>> 24), (byte) (magic >>> 16), (byte) (magic >>> 8), (byte) magic};
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(x >= 32 && x < 127 ? (char) x : '.');
        return sb.toString();
    }

    /** The header body: everything between the fixed prefix and the header CRC. */
    static byte[] encodeHeader(TraceHeader h, WriterOptions options) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bos);
            out.writeInt(options.chunkEvents());
            out.writeByte(options.compression().code());
            out.writeUTF(h.hardwareName());
            out.writeUTF(h.hardwareDigest());
            out.writeDouble(h.clockHz());
            out.writeInt(h.memoryLevels().size());
            for (MemoryLevel m : h.memoryLevels()) {
                out.writeUTF(m.name());
                out.writeDouble(m.peakBytesPerCycle());
            }
            out.writeInt(h.units().size());
            for (Unit u : h.units()) {
                out.writeUTF(u.name());
                out.writeByte(u.kind().code());
                out.writeInt(u.memoryLevel());
                out.writeDouble(u.peakPerCycle());
            }
            out.writeInt(h.layers().size());
            for (String l : h.layers()) out.writeUTF(l);
            out.writeInt(h.metadata().size());
            for (Map.Entry<String, String> e : h.metadata().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.flush();
            return bos.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e); // in-memory stream
        }
    }

    /** Decoded header body plus the chunk capacity it declares. */
    record DecodedHeader(TraceHeader header, int chunkEvents) {}

    /** Decodes a header body; throws IllegalStateException with a short reason when it is malformed. */
    static DecodedHeader decodeHeader(byte[] body) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
            int chunkEvents = in.readInt();
            if (chunkEvents < 1 || chunkEvents > WriterOptions.MAX_CHUNK_EVENTS)
                throw new IllegalStateException("chunk size " + chunkEvents + " is outside 1.." + WriterOptions.MAX_CHUNK_EVENTS);
            in.readByte(); // default compression: informational, each chunk names its own
            String hwName = in.readUTF();
            String digest = in.readUTF();
            double clock = in.readDouble();
            if (!(clock >= MIN_CLOCK_HZ && clock <= MAX_CLOCK_HZ))
                throw new IllegalStateException("clock " + clock + " Hz is outside " + MIN_CLOCK_HZ + ".." + MAX_CLOCK_HZ);
            int nLevels = count(in.readInt(), "memory level", MAX_LEVELS);
            List<MemoryLevel> levels = new ArrayList<>();
            for (int i = 0; i < nLevels; i++) levels.add(new MemoryLevel(in.readUTF(), finite(in.readDouble(), "memory level " + i + " peak")));
            int nUnits = count(in.readInt(), "unit", MAX_UNITS);
            List<Unit> units = new ArrayList<>();
            for (int i = 0; i < nUnits; i++) {
                String name = in.readUTF();
                int kindCode = in.readUnsignedByte();
                UnitKind kind = UnitKind.ofCode(kindCode);
                if (kind == null) throw new IllegalStateException("unit " + i + " (" + name + ") has unknown kind code " + kindCode);
                int level = in.readInt();
                if (level < -1 || level >= nLevels)
                    throw new IllegalStateException("unit " + i + " (" + name + ") has memory level " + level + " (expected -1.." + (nLevels - 1) + ")");
                units.add(new Unit(name, kind, level, finite(in.readDouble(), "unit " + i + " peak")));
            }
            int nLayers = count(in.readInt(), "layer", MAX_LAYERS);
            // analyses keep a (layer x level) and a (layer x unit-kind) table
            if ((long) nLayers * Math.max(1, nLevels) > MAX_LAYER_CELLS)
                throw new IllegalStateException(nLayers + " layers x " + nLevels + " memory levels exceed " + MAX_LAYER_CELLS + " cells");
            List<String> layers = new ArrayList<>();
            for (int i = 0; i < nLayers; i++) layers.add(in.readUTF());
            int nMeta = count(in.readInt(), "metadata entry", MAX_METADATA);
            Map<String, String> meta = new LinkedHashMap<>();
            for (int i = 0; i < nMeta; i++) meta.put(in.readUTF(), in.readUTF());
            if (in.available() != 0) throw new IllegalStateException(in.available() + " unexpected bytes after the metadata");
            return new DecodedHeader(new TraceHeader(hwName, digest, clock, levels, units, layers, meta), chunkEvents);
        } catch (IOException e) {
            throw new IllegalStateException("header body ends early");
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    private static int count(int n, String what, int max) {
        if (n < 0 || n > max) throw new IllegalStateException(what + " count " + n + " is outside 0.." + max);
        return n;
    }

    /** A peak rate: 0 (not given) or within [MIN_PEAK, MAX_PEAK], so utilisations and ridge points stay finite. */
    private static double finite(double v, String what) {
        if (!(v == 0 || v >= MIN_PEAK && v <= MAX_PEAK))
            throw new IllegalStateException(what + " " + v + " is not 0 or a number in " + MIN_PEAK + ".." + MAX_PEAK);
        return v;
    }

    static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
}
