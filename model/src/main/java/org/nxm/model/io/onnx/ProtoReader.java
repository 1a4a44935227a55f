package org.nxm.model.io.onnx;

import java.nio.charset.StandardCharsets;
import org.nxm.model.io.InputException;

/**
 * A cursor over protobuf wire format (varint, 64-bit, length-delimited, 32-bit fields) within
 * {@code [pos, limit)} of a byte array. Every error names the source and the byte offset, so a corrupt
 * file gives one line saying where it broke.
 */
final class ProtoReader {
    static final int VARINT = 0, I64 = 1, LEN = 2, I32 = 5;

    private final byte[] buf;
    private final String source;
    private int pos;
    private final int limit;

    ProtoReader(byte[] buf, int from, int limit, String source) {
        this.buf = buf;
        this.pos = from;
        this.limit = limit;
        this.source = source;
    }

    boolean hasMore() { return pos < limit; }

    int position() { return pos; }

    byte[] buffer() { return buf; }

    String source() { return source; }

    InputException error(int at, String what) {
        return new InputException(source + ": byte " + at + ": " + what);
    }

    /** The next field's tag (field number << 3 | wire type). */
    int readTag() {
        int at = pos;
        long tag = readVarint();
        if (tag >>> 3 == 0 || tag > Integer.MAX_VALUE) throw error(at, "invalid protobuf field tag " + tag);
        int wt = (int) (tag & 7);
        if (wt != VARINT && wt != I64 && wt != LEN && wt != I32) throw error(at, "unsupported protobuf wire type " + wt);
        return (int) tag;
    }

    long readVarint() {
        int at = pos;
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) throw error(at, "truncated varint (message ends at byte " + limit + ")");
            byte b = buf[pos++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) return result;
        }
        throw error(at, "varint longer than 10 bytes");
    }

    /** Length of a length-delimited field, checked to fit in the enclosing message. */
    int readLength() {
        int at = pos;
        long len = readVarint();
        if (len < 0 || len > limit - pos) {
            throw error(at, "length " + len + " runs past the end of the enclosing message (" + (limit - pos) + " bytes left)");
        }
        return (int) len;
    }

    /** A sub-reader over the next length-delimited field; this reader skips past it. */
    ProtoReader readMessage() {
        int len = readLength();
        ProtoReader sub = new ProtoReader(buf, pos, pos + len, source);
        pos += len;
        return sub;
    }

    String readString() {
        int len = readLength();
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    /** Offset and length of the next length-delimited field's bytes (not copied). */
    int[] readBytesRange() {
        int len = readLength();
        int[] r = {pos, len};
        pos += len;
        return r;
    }

    int readFixed32() {
        if (limit - pos < 4) throw error(pos, "truncated 32-bit field");
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    void skip(int wireType) {
        switch (wireType) {
            case VARINT -> readVarint();
            case I64 -> {
                if (limit - pos < 8) throw error(pos, "truncated 64-bit field");
                pos += 8;
            }
            case LEN -> {
                int len = readLength(); // read first: `pos += readLength()` would add to the old pos
                pos += len;
            }
            case I32 -> readFixed32();
            default -> throw error(pos, "unsupported protobuf wire type " + wireType);
        }
    }
}
