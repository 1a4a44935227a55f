package org.nxm.traces.format;

/**
 * One entry of the chunk index.
 *
 * @param sequence 0-based chunk number
 * @param offset   file offset of the chunk header
 * @param events   events in the chunk
 * @param minStart smallest start cycle in the chunk
 * @param maxEnd   largest end cycle (start + duration) in the chunk
 * @param crc      CRC32 of the chunk header (first 40 bytes) and its stored payload
 */
public record ChunkInfo(int sequence, long offset, int events, long minStart, long maxEnd, int crc) {
    /** Whether some event of this chunk may overlap the cycle window [from, to). */
    public boolean overlaps(long from, long to) {
        // Conservative (>= from): a zero-duration event at exactly 'from' belongs to the window.
        return events > 0 && minStart < to && maxEnd >= from;
    }
}
