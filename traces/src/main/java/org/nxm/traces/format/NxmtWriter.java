package org.nxm.traces.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.nxm.traces.EventKind;
import org.nxm.traces.TraceException;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.TraceSink;

/**
 * Streams events into a {@code .nxmt} file: the header first, then one self-describing chunk each time
 * {@link WriterOptions#chunkEvents()} events have arrived, then (on {@link #close()}) the chunk index and the
 * trailer. Memory stays flat: one chunk of columns and one encode buffer, plus 32 bytes of index per chunk.
 *
 * <p>The file is written in place rather than through a temp file on purpose: a simulator that crashes leaves a
 * trace readable up to its last complete chunk, which is what one wants to look at after a crash.
 *
 * <p>Not thread-safe. {@link #event} validates its arguments (cheap comparisons) and throws
 * IllegalArgumentException for a unit or layer the header does not declare or a negative duration, bytes or MACs.
 */
public final class NxmtWriter implements TraceSink {
    private final Path path;
    private final FileChannel channel;
    private final WriterOptions options;
    private final int unitCount;
    private final int layerCount;
    private final EventColumns cols;
    private final byte[] raw;
    private byte[] stored;
    private final ByteBuffer chunkHeader = ByteBuffer.allocate(NxmtFormat.CHUNK_HEADER_BYTES);
    private final CRC32 crc = new CRC32();
    private final Deflater deflater;
    private long position;
    private long minStart = Long.MAX_VALUE;
    private long maxEnd = Long.MIN_VALUE;
    private long totalEvents;
    private boolean closed;
    // The index, grown by doubling: offset, events, minStart, maxEnd, crc per chunk.
    private long[] idxOffset = new long[64];
    private int[] idxEvents = new int[64];
    private long[] idxMinStart = new long[64];
    private long[] idxMaxEnd = new long[64];
    private int[] idxCrc = new int[64];
    private int chunks;

    private NxmtWriter(Path path, FileChannel channel, TraceHeader header, WriterOptions options) {
        this.path = path;
        this.channel = channel;
        this.options = options;
        this.unitCount = header.units().size();
        this.layerCount = header.layers().size();
        this.cols = new EventColumns(options.chunkEvents());
        this.raw = new byte[options.chunkEvents() * ChunkCodec.MAX_BYTES_PER_EVENT];
        this.stored = options.compression() == Compression.DEFLATE ? new byte[raw.length / 2 + 64] : raw;
        this.deflater = options.compression() == Compression.DEFLATE ? new Deflater(options.deflateLevel(), true) : null;
    }

    /** Creates (or replaces) the file and writes the header. */
    public static NxmtWriter open(Path path, TraceHeader header, WriterOptions options) {
        FileChannel ch;
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) java.nio.file.Files.createDirectories(parent);
            ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new TraceException(path + ": cannot create trace file: " + e.getMessage(), e);
        }
        NxmtWriter w = new NxmtWriter(path, ch, header, options);
        w.writeFileHeader(header);
        return w;
    }

    public static NxmtWriter open(Path path, TraceHeader header) {
        return open(path, header, WriterOptions.defaults());
    }

    public Path path() { return path; }

    public long eventCount() { return totalEvents + cols.size; }

    @Override
    public void event(EventKind kind, int unit, long start, long duration, int layer, int op, long bytes, long macs) {
        if (unit < 0 || unit >= unitCount)
            throw new IllegalArgumentException("unit " + unit + " is not declared (" + unitCount + " units)");
        if (layer < -1 || layer >= layerCount)
            throw new IllegalArgumentException("layer " + layer + " is not declared (" + layerCount + " layers)");
        if ((start | duration | bytes | macs) < 0 || start > ChunkCodec.MAX_CYCLE || duration > ChunkCodec.MAX_CYCLE
                || bytes > ChunkCodec.MAX_COUNT || macs > ChunkCodec.MAX_COUNT)
            throw new IllegalArgumentException("start, duration, bytes or MACs outside what a reader accepts (0..2^61-1): start="
                    + start + " duration=" + duration + " bytes=" + bytes + " macs=" + macs);
        if (closed) throw new IllegalStateException(path + ": writer is closed");
        EventColumns c = cols;
        int i = c.size;
        c.start[i] = start;
        c.duration[i] = duration;
        c.unit[i] = unit;
        c.kind[i] = (byte) kind.code();
        c.layer[i] = layer;
        c.op[i] = op;
        c.bytes[i] = bytes;
        c.macs[i] = macs;
        if (start < minStart) minStart = start;
        long end = start + duration;
        if (end > maxEnd) maxEnd = end;
        c.size = i + 1;
        if (c.size == c.capacity()) writeChunk();
    }

    /** Writes the events gathered so far as a (possibly short) chunk, so they survive a crash. */
    public void flush() {
        if (cols.size > 0) writeChunk();
    }

    @Override
    public void close() {
        if (closed) return;
        try {
            flush();
            writeIndexAndTrailer();
            channel.force(false);
        } catch (IOException e) {
            throw new TraceException(path + ": cannot finish trace file: " + e.getMessage(), e);
        } finally {
            closed = true;
            if (deflater != null) deflater.end();
            try {
                channel.close();
            } catch (IOException ignored) {
                // the data is already written and forced, or the first failure is being reported
            }
        }
    }

    private void writeFileHeader(TraceHeader header) {
        byte[] body = NxmtFormat.encodeHeader(header, options);
        ByteBuffer b = ByteBuffer.allocate(NxmtFormat.FILE_PREFIX_BYTES + body.length + 4);
        b.putInt(NxmtFormat.FILE_MAGIC).putShort((short) NxmtFormat.VERSION).putShort((short) 0).putInt(body.length).put(body);
        crc.reset();
        crc.update(body);
        b.putInt((int) crc.getValue());
        b.flip();
        write(b);
    }

    private void writeChunk() {
        int n = cols.size;
        int rawLength = ChunkCodec.encode(cols, raw);
        byte[] payload = raw;
        int storedLength = rawLength;
        if (deflater != null) {
            deflater.reset();
            deflater.setInput(raw, 0, rawLength);
            deflater.finish();
            storedLength = 0;
            while (!deflater.finished()) {
                if (storedLength == stored.length) stored = Arrays.copyOf(stored, stored.length * 2);
                storedLength += deflater.deflate(stored, storedLength, stored.length - storedLength);
            }
            payload = stored;
        }
        ByteBuffer h = chunkHeader.clear();
        h.putInt(NxmtFormat.CHUNK_MAGIC).putInt(chunks).putInt(n)
                .put((byte) (deflater != null ? Compression.DEFLATE.code() : Compression.NONE.code()))
                .put((byte) 0).put((byte) 0).put((byte) 0)
                .putLong(minStart).putLong(maxEnd).putInt(rawLength).putInt(storedLength);
        crc.reset();
        crc.update(h.array(), 0, NxmtFormat.CHUNK_HEADER_CRC_COVERED);
        crc.update(payload, 0, storedLength);
        int checksum = (int) crc.getValue();
        h.putInt(checksum);
        h.flip();
        addIndexEntry(position, n, minStart, maxEnd, checksum);
        write(h);
        write(ByteBuffer.wrap(payload, 0, storedLength));
        totalEvents += n;
        cols.size = 0;
        minStart = Long.MAX_VALUE;
        maxEnd = Long.MIN_VALUE;
    }

    private void addIndexEntry(long offset, int n, long min, long max, int checksum) {
        if (chunks == idxOffset.length) {
            int cap = chunks * 2;
            idxOffset = Arrays.copyOf(idxOffset, cap);
            idxEvents = Arrays.copyOf(idxEvents, cap);
            idxMinStart = Arrays.copyOf(idxMinStart, cap);
            idxMaxEnd = Arrays.copyOf(idxMaxEnd, cap);
            idxCrc = Arrays.copyOf(idxCrc, cap);
        }
        idxOffset[chunks] = offset;
        idxEvents[chunks] = n;
        idxMinStart[chunks] = min;
        idxMaxEnd[chunks] = max;
        idxCrc[chunks] = checksum;
        chunks++;
    }

    private void writeIndexAndTrailer() {
        int length = 8 + chunks * NxmtFormat.INDEX_ENTRY_BYTES + 8 + 4;
        ByteBuffer b = ByteBuffer.allocate(length + NxmtFormat.TRAILER_BYTES);
        b.putInt(NxmtFormat.INDEX_MAGIC).putInt(chunks);
        for (int i = 0; i < chunks; i++) {
            b.putLong(idxOffset[i]).putInt(idxEvents[i]).putLong(idxMinStart[i]).putLong(idxMaxEnd[i]).putInt(idxCrc[i]);
        }
        b.putLong(totalEvents);
        crc.reset();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        long indexOffset = position;
        b.putLong(indexOffset).putInt(length).putInt(NxmtFormat.END_MAGIC);
        b.flip();
        write(b);
    }

    private void write(ByteBuffer b) {
        try {
            while (b.hasRemaining()) position += channel.write(b);
        } catch (IOException e) {
            throw new TraceException(path + ": cannot write trace: " + e.getMessage(), e);
        }
    }
}
