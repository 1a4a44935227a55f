package org.nxm.traces.format;

/**
 * Options of {@link NxmtWriter}.
 *
 * @param chunkEvents  events per chunk (1 .. 1,048,576); memory of writer and reader is proportional to it,
 *                     and a crash loses at most one chunk
 * @param compression  how chunk payloads are stored
 * @param deflateLevel 1 (fastest) .. 9 (smallest), used with {@link Compression#DEFLATE}
 */
public record WriterOptions(int chunkEvents, Compression compression, int deflateLevel) {
    public static final int DEFAULT_CHUNK_EVENTS = 32_768;
    public static final int MAX_CHUNK_EVENTS = 1 << 20;

    public WriterOptions {
        if (chunkEvents < 1 || chunkEvents > MAX_CHUNK_EVENTS)
            throw new IllegalArgumentException("chunkEvents must be in 1.." + MAX_CHUNK_EVENTS + ", got " + chunkEvents);
        if (compression == null) compression = Compression.NONE;
        if (deflateLevel < 1 || deflateLevel > 9)
            throw new IllegalArgumentException("deflateLevel must be in 1..9, got " + deflateLevel);
    }

    public static WriterOptions defaults() { return new WriterOptions(DEFAULT_CHUNK_EVENTS, Compression.NONE, 1); }

    public static WriterOptions compressed() { return new WriterOptions(DEFAULT_CHUNK_EVENTS, Compression.DEFLATE, 1); }

    public WriterOptions withChunkEvents(int n) { return new WriterOptions(n, compression, deflateLevel); }

    public WriterOptions withCompression(Compression c) { return new WriterOptions(chunkEvents, c, deflateLevel); }
}
