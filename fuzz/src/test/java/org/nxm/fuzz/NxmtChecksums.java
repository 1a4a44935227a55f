package org.nxm.fuzz;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * Recomputes the CRC32s of a (mutated) .nxmt file, so that the fuzzer reaches the checks behind them: the header
 * body's, each chunk's (header and payload), the index entries' copies of those, and the index's own. Walks the
 * layout of traces/README.md as far as it is intact and leaves the rest alone.
 */
final class NxmtChecksums {
    private static final int PREFIX = 12, CHUNK_HEADER = 44, CHUNK_CRC_COVERED = 40, TRAILER = 16, ENTRY = 32;
    private static final int CHUNK_MAGIC = 0x4E58434B, END_MAGIC = 0x4E584E44;

    private NxmtChecksums() {}

    static byte[] repair(byte[] in) {
        byte[] b = in.clone();
        ByteBuffer buf = ByteBuffer.wrap(b);
        if (b.length < PREFIX) return b;
        int bodyLength = buf.getInt(8);
        long headerEnd = PREFIX + (long) bodyLength + 4;
        if (bodyLength < 0 || headerEnd > b.length) return b;
        buf.putInt(PREFIX + bodyLength, crc(b, PREFIX, bodyLength));
        long pos = headerEnd;
        int indexStart = b.length;
        if (b.length >= TRAILER && buf.getInt(b.length - 4) == END_MAGIC) {
            long off = buf.getLong(b.length - TRAILER);
            if (off >= headerEnd && off < b.length) indexStart = (int) off;
        }
        java.util.Map<Long, Integer> chunkCrc = new java.util.HashMap<>();
        while (pos + CHUNK_HEADER <= indexStart && buf.getInt((int) pos) == CHUNK_MAGIC) {
            int p = (int) pos;
            int stored = buf.getInt(p + 36);
            if (stored < 0 || pos + CHUNK_HEADER + stored > indexStart) break;
            CRC32 c = new CRC32();
            c.update(b, p, CHUNK_CRC_COVERED);
            c.update(b, p + CHUNK_HEADER, stored);
            buf.putInt(p + 40, (int) c.getValue());
            chunkCrc.put(pos, (int) c.getValue());
            pos += CHUNK_HEADER + stored;
        }
        if (indexStart < b.length) {
            int length = buf.getInt(b.length - TRAILER + 8);
            if (length >= 12 && (long) indexStart + length <= b.length) {
                int count = buf.getInt(indexStart + 4);
                for (int i = 0; i < count && 8L + (long) (i + 1) * ENTRY <= length - 4; i++) {
                    int e = indexStart + 8 + i * ENTRY;
                    Integer c = chunkCrc.get(buf.getLong(e));
                    if (c != null) buf.putInt(e + 28, c);
                }
                buf.putInt(indexStart + length - 4, crc(b, indexStart, length - 4));
            }
        }
        return b;
    }

    private static int crc(byte[] b, int off, int len) {
        CRC32 c = new CRC32();
        c.update(b, off, len);
        return (int) c.getValue();
    }
}
