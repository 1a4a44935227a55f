package org.nxm.traces.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.nxm.traces.TraceEvent;
import org.nxm.traces.TraceException;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.TraceSink;

/**
 * Reads a {@code .nxmt} file chunk by chunk. Opening reads the header and the chunk index (or, when the index is
 * missing because the writer never closed, rebuilds it by walking the chunk headers and reports the file as
 * {@linkplain #truncationWarning() truncated}). Reading decodes one chunk at a time into reused columns, so memory
 * stays flat however long the trace; {@link #replay(long, long, TraceSink)} uses the index to skip chunks outside a
 * cycle window.
 *
 * <p>Every defect (wrong magic, unsupported version, corrupt header, CRC mismatch, malformed payload) is a
 * {@link TraceException} with one line naming the file and the position.
 */
public final class NxmtReader implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final long fileSize;
    private final TraceHeader header;
    private final int version;
    private final int chunkCapacity;
    private final List<ChunkInfo> chunks;
    private final String truncation;
    private final long eventCount;
    private final EventColumns cols;
    private final ByteBuffer chunkHeader = ByteBuffer.allocate(NxmtFormat.CHUNK_HEADER_BYTES);
    private final CRC32 crc = new CRC32();
    private final Inflater inflater = new Inflater(true);
    private byte[] stored = new byte[0];
    private byte[] raw = new byte[0];

    private NxmtReader(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
        long size = size();
        this.fileSize = size;
        ByteBuffer prefix = readAt(0, Math.min(NxmtFormat.FILE_PREFIX_BYTES, (int) Math.min(size, Integer.MAX_VALUE)));
        if (prefix.remaining() < 4 || prefix.getInt(0) != NxmtFormat.FILE_MAGIC) {
            String seen = prefix.remaining() < 4 ? "the file has " + size + " bytes" : "magic is '" + NxmtFormat.magicText(prefix.getInt(0)) + "'";
            throw fail("not an nxm trace: " + seen + ", expected magic 'NXMT' at offset 0");
        }
        if (prefix.remaining() < NxmtFormat.FILE_PREFIX_BYTES) throw fail("file ends inside the header (" + size + " bytes)");
        version = prefix.getShort(4) & 0xffff;
        if (version != NxmtFormat.VERSION)
            throw fail("trace format version " + version + " is not supported; this reader reads version " + NxmtFormat.VERSION);
        int bodyLength = prefix.getInt(8);
        long headerEnd = NxmtFormat.FILE_PREFIX_BYTES + (long) bodyLength + 4;
        if (bodyLength < 0 || headerEnd > size) throw fail("file ends inside the header (header needs " + headerEnd + " bytes, file has " + size + ")");
        ByteBuffer bodyAndCrc = readAt(NxmtFormat.FILE_PREFIX_BYTES, bodyLength + 4);
        byte[] body = new byte[bodyLength];
        bodyAndCrc.get(body);
        crc.update(body);
        if ((int) crc.getValue() != bodyAndCrc.getInt())
            throw fail("header at offset " + NxmtFormat.FILE_PREFIX_BYTES + " is corrupt (CRC32 mismatch)");
        NxmtFormat.DecodedHeader decoded;
        try {
            decoded = NxmtFormat.decodeHeader(body);
        } catch (IllegalStateException e) {
            throw fail("header at offset " + NxmtFormat.FILE_PREFIX_BYTES + " is malformed: " + e.getMessage());
        }
        header = decoded.header();
        chunkCapacity = decoded.chunkEvents();
        cols = new EventColumns(chunkCapacity);

        List<ChunkInfo> index = readIndex(headerEnd, size);
        if (index != null) {
            chunks = index;
            truncation = null;
        } else {
            List<ChunkInfo> scanned = new ArrayList<>();
            long end = scan(headerEnd, size, scanned);
            chunks = Collections.unmodifiableList(scanned);
            long events = 0;
            long lastCycle = 0;
            for (ChunkInfo c : scanned) {
                events += c.events();
                lastCycle = Math.max(lastCycle, c.maxEnd());
            }
            truncation = path + ": truncated: no chunk index (the writer did not finish); read " + scanned.size()
                    + " complete chunks, " + events + " events up to cycle " + lastCycle + "; "
                    + (size - end) + " trailing bytes ignored";
        }
        long n = 0;
        for (ChunkInfo c : chunks) n += c.events();
        eventCount = n;
    }

    /** Opens a trace; the caller should print {@link #truncationWarning()} when present. */
    public static NxmtReader open(Path path) {
        FileChannel ch;
        // a FIFO or a device would block or never end: only a regular file is a trace
        if (java.nio.file.Files.exists(path) && !java.nio.file.Files.isRegularFile(path))
            throw new TraceException(path + ": not a regular file (a trace must be a file, not a directory, FIFO or device)");
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new TraceException(path + ": no such trace file");
        } catch (IOException e) {
            throw new TraceException(path + ": cannot open trace: " + e.getMessage(), e);
        }
        try {
            return new NxmtReader(path, ch);
        } catch (RuntimeException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // reporting the first failure
            }
            throw e;
        }
    }

    public Path path() { return path; }

    public TraceHeader header() { return header; }

    public int version() { return version; }

    /** Events per chunk the writer used (the last chunk may hold fewer). */
    public int chunkCapacity() { return chunkCapacity; }

    public List<ChunkInfo> chunks() { return chunks; }

    public long eventCount() { return eventCount; }

    /** The largest end cycle of any event: the trace's length in cycles (it starts at cycle 0). */
    public long lastCycle() {
        long last = 0;
        for (ChunkInfo c : chunks) last = Math.max(last, c.maxEnd());
        return last;
    }

    /** Present when the file was cut short: one line saying how much was readable. */
    public Optional<String> truncationWarning() { return Optional.ofNullable(truncation); }

    public boolean truncated() { return truncation != null; }

    /** Sends every event, in file order, to the sink. */
    public void replay(TraceSink sink) {
        for (int i = 0; i < chunks.size(); i++) {
            try {
                readChunk(i).replay(sink);
            } catch (ArithmeticException e) {
                throw overflow(i, e);
            }
        }
    }

    /** A sink's exact total that would pass 2^63-1 (sums over chunks of valid events): a refusal naming the chunk. */
    private TraceException overflow(int i, ArithmeticException e) {
        return fail("chunk " + i + " at offset " + chunks.get(i).offset() + ": " + e.getMessage()
                + " (events of up to 2^61-1 cycles, bytes or MACs each; totals are exact, not wrapped)");
    }

    /**
     * Sends the events overlapping the cycle window [from, to) to the sink, reading only the chunks the index
     * says may hold some.
     */
    public void replay(long from, long to, TraceSink sink) {
        for (int i = 0; i < chunks.size(); i++) {
            if (!chunks.get(i).overlaps(from, to)) continue;
            try {
                readChunk(i).replay(from, to, sink);
            } catch (ArithmeticException e) {
                throw overflow(i, e);
            }
        }
    }

    /** All events as values: for tests and small traces only (allocates one record per event). */
    public List<TraceEvent> readAll() {
        List<TraceEvent> out = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            EventColumns c = readChunk(i);
            for (int j = 0; j < c.size(); j++) out.add(c.event(j));
        }
        return out;
    }

    /**
     * Decodes chunk i (after checking its CRC) into columns that the next call reuses.
     */
    public EventColumns readChunk(int i) {
        ChunkInfo info = chunks.get(i);
        String where = "chunk " + i + " at offset " + info.offset();
        chunkHeader.clear();
        readFully(chunkHeader, info.offset());
        ByteBuffer h = chunkHeader.flip();
        if (h.getInt(0) != NxmtFormat.CHUNK_MAGIC)
            throw fail(where + " is corrupt: magic is '" + NxmtFormat.magicText(h.getInt(0)) + "', expected 'NXCK'");
        int n = h.getInt(8);
        int codec = h.get(12) & 0xff;
        int rawLength = h.getInt(32);
        int storedLength = h.getInt(36);
        int storedCrc = h.getInt(40);
        // lengths are taken on trust by nothing: the payload must lie inside the file, the raw size inside the capacity
        long room = fileSize - info.offset() - NxmtFormat.CHUNK_HEADER_BYTES;
        if (n != info.events() || n < 0 || n > chunkCapacity || rawLength < 0 || storedLength < 0 || storedLength > room
                || rawLength > (long) n * ChunkCodec.MAX_BYTES_PER_EVENT)
            throw fail(where + " is corrupt: header says " + n + " events, " + rawLength + " raw bytes, " + storedLength
                    + " stored bytes (index says " + info.events() + " events, capacity " + chunkCapacity + ")");
        if (stored.length < storedLength) stored = new byte[Math.max(storedLength, stored.length * 3 / 2)];
        ByteBuffer payload = ByteBuffer.wrap(stored, 0, storedLength);
        readFully(payload, info.offset() + NxmtFormat.CHUNK_HEADER_BYTES);
        crc.reset();
        crc.update(h.array(), 0, NxmtFormat.CHUNK_HEADER_CRC_COVERED);
        crc.update(stored, 0, storedLength);
        if ((int) crc.getValue() != storedCrc || storedCrc != info.crc())
            throw fail(where + " is corrupt: CRC32 mismatch (stored " + Integer.toHexString(storedCrc)
                    + ", computed " + Integer.toHexString((int) crc.getValue()) + ")");
        byte[] data;
        Compression c = Compression.ofCode(codec);
        if (c == Compression.NONE) {
            if (rawLength != storedLength) throw fail(where + " is corrupt: uncompressed chunk with raw length " + rawLength + " != stored " + storedLength);
            data = stored;
        } else if (c == Compression.DEFLATE) {
            if (raw.length < rawLength) raw = new byte[Math.max(rawLength, raw.length * 3 / 2)];
            inflater.reset();
            inflater.setInput(stored, 0, storedLength);
            try {
                int got = inflater.inflate(raw, 0, rawLength);
                if (got != rawLength || !inflater.finished() && inflater.getRemaining() > 0)
                    throw fail(where + " is corrupt: inflated " + got + " bytes, header says " + rawLength);
            } catch (DataFormatException e) {
                throw fail(where + " is corrupt: bad deflate data (" + e.getMessage() + ")");
            }
            data = raw;
        } else {
            throw fail(where + " uses unknown compression code " + codec);
        }
        try {
            ChunkCodec.decode(data, rawLength, n, cols, header.units().size(), header.layers().size());
        } catch (IllegalStateException | ArrayIndexOutOfBoundsException e) {
            throw fail(where + " is corrupt: " + e.getMessage());
        }
        return cols;
    }

    @Override
    public void close() {
        inflater.end();
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only channel: nothing is lost
        }
    }

    /** The index named by the trailer, or null when the file has no (complete) trailer. */
    private List<ChunkInfo> readIndex(long headerEnd, long size) {
        if (size < headerEnd + NxmtFormat.TRAILER_BYTES) return null;
        ByteBuffer t = readAt(size - NxmtFormat.TRAILER_BYTES, NxmtFormat.TRAILER_BYTES);
        long indexOffset = t.getLong(0);
        int length = t.getInt(8);
        if (t.getInt(12) != NxmtFormat.END_MAGIC) return null;
        if (indexOffset < headerEnd || length < 20 || indexOffset + length != size - NxmtFormat.TRAILER_BYTES)
            throw fail("trailer at offset " + (size - NxmtFormat.TRAILER_BYTES) + " is corrupt: index offset " + indexOffset + ", length " + length);
        ByteBuffer b = readAt(indexOffset, length);
        if (b.getInt(0) != NxmtFormat.INDEX_MAGIC)
            throw fail("chunk index at offset " + indexOffset + " is corrupt: magic is '" + NxmtFormat.magicText(b.getInt(0)) + "', expected 'NXIX'");
        int count = b.getInt(4);
        if (count < 0 || 8L + (long) count * NxmtFormat.INDEX_ENTRY_BYTES + 12 != length)
            throw fail("chunk index at offset " + indexOffset + " is corrupt: " + count + " entries do not fit " + length + " bytes");
        crc.reset();
        crc.update(b.array(), 0, length - 4);
        if ((int) crc.getValue() != b.getInt(length - 4))
            throw fail("chunk index at offset " + indexOffset + " is corrupt (CRC32 mismatch)");
        List<ChunkInfo> list = new ArrayList<>(count);
        b.position(8);
        long previous = -1;
        for (int i = 0; i < count; i++) {
            ChunkInfo c = new ChunkInfo(i, b.getLong(), b.getInt(), b.getLong(), b.getLong(), b.getInt());
            if (c.minStart() < 0 || c.maxEnd() < 0 || c.maxEnd() > 2 * ChunkCodec.MAX_CYCLE)
                throw fail("chunk index at offset " + indexOffset + " is corrupt: entry " + i + " says cycles " + c.minStart() + ".." + c.maxEnd());
            // Offsets after the first depend on stored lengths; the chunk header's magic and CRC check them on read.
            boolean badOffset = i == 0 ? c.offset() != headerEnd : c.offset() <= previous || c.offset() >= indexOffset;
            if (badOffset || c.events() < 0 || c.events() > chunkCapacity)
                throw fail("chunk index at offset " + indexOffset + " is corrupt: entry " + i + " says offset " + c.offset()
                        + " and " + c.events() + " events");
            previous = c.offset();
            list.add(c);
        }
        return Collections.unmodifiableList(list);
    }

    /** Walks chunk headers from 'from'; adds each complete chunk; returns the offset after the last one. */
    private long scan(long from, long size, List<ChunkInfo> out) {
        long pos = from;
        ByteBuffer h = ByteBuffer.allocate(NxmtFormat.CHUNK_HEADER_BYTES);
        while (pos + NxmtFormat.CHUNK_HEADER_BYTES <= size) {
            h.clear();
            readFully(h, pos);
            int magic = h.getInt(0);
            if (magic == NxmtFormat.INDEX_MAGIC) break; // an index cut short while closing
            if (magic != NxmtFormat.CHUNK_MAGIC)
                throw fail("chunk " + out.size() + " at offset " + pos + " is corrupt: magic is '" + NxmtFormat.magicText(magic) + "', expected 'NXCK'");
            int n = h.getInt(8);
            int storedLength = h.getInt(36);
            if (n < 0 || n > chunkCapacity || storedLength < 0)
                throw fail("chunk " + out.size() + " at offset " + pos + " is corrupt: " + n + " events, " + storedLength + " stored bytes");
            long next = pos + NxmtFormat.CHUNK_HEADER_BYTES + storedLength;
            if (next > size) break; // cut inside the payload
            if (h.getLong(16) < 0 || h.getLong(24) < 0 || h.getLong(24) > 2 * ChunkCodec.MAX_CYCLE)
                throw fail("chunk " + out.size() + " at offset " + pos + " is corrupt: cycles " + h.getLong(16) + ".." + h.getLong(24));
            out.add(new ChunkInfo(out.size(), pos, n, h.getLong(16), h.getLong(24), h.getInt(40)));
            pos = next;
        }
        return pos;
    }

    private long size() {
        try {
            return channel.size();
        } catch (IOException e) {
            throw fail("cannot read size: " + e.getMessage());
        }
    }

    private ByteBuffer readAt(long offset, int length) {
        ByteBuffer b = ByteBuffer.allocate(length);
        readFully(b, offset);
        return b.flip();
    }

    private void readFully(ByteBuffer b, long offset) {
        try {
            long pos = offset;
            while (b.hasRemaining()) {
                int r = channel.read(b, pos);
                if (r < 0) throw fail("unexpected end of file at offset " + pos + " (reading " + b.capacity() + " bytes at " + offset + ")");
                pos += r;
            }
        } catch (IOException e) {
            throw fail("cannot read at offset " + offset + ": " + e.getMessage());
        }
    }

    private TraceException fail(String what) {
        return new TraceException(path + ": " + what);
    }
}
