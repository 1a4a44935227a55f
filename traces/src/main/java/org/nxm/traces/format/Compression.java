package org.nxm.traces.format;

/**
 * How a chunk's payload is stored. Recorded per chunk, so one file may mix them.
 *
 * <p>DEFLATE is {@link java.util.zip.Deflater} (raw, no zlib wrapper): it ships with the JDK, needs no native
 * code, and on the varint columns it shrinks traces about 2-4x. lz4-java would be faster to compress, but it is
 * not in the project's dependency set and uncompressed writing already beats the speed target; compression is
 * the option for archiving long traces.
 */
public enum Compression {
    NONE(0),
    DEFLATE(1);

    private final int code;

    Compression(int code) { this.code = code; }

    public int code() { return code; }

    public static Compression ofCode(int code) {
        for (Compression c : values()) if (c.code == code) return c;
        return null;
    }
}
