package org.nxm.traces.format;

import org.nxm.traces.EventKind;

/**
 * The columnar, delta + varint encoding of one chunk's raw payload (before optional compression):
 * all starts, then all durations, units, kinds, layers, ops, bytes, MACs. Columns compress well and decode in
 * tight loops. Each chunk restarts its deltas from 0, so it decodes on its own.
 *
 * <pre>
 * start    : zigzag varint of start[i] - start[i-1]  (start[-1] = 0; events need not be sorted)
 * duration : varint
 * unit     : varint
 * kind     : one byte, {@link EventKind#code()}
 * layer    : varint of layer + 1                     (-1, no layer, is 0)
 * op       : zigzag varint of op[i] - op[i-1]          (op[-1] = 0)
 * bytes    : varint
 * macs     : varint
 * </pre>
 */
final class ChunkCodec {
    /** Worst case bytes per event: 6 varints of up to 10 bytes, 1 of 5 (unit), layer 5, kind 1. */
    static final int MAX_BYTES_PER_EVENT = 10 * 6 + 5 + 5 + 1;
    /** Largest start or duration a reader accepts (2^61 - 1): start + duration cannot overflow a long. */
    static final long MAX_CYCLE = Long.MAX_VALUE / 4;
    /** Largest bytes or MACs per event (2^61 - 1). */
    static final long MAX_COUNT = Long.MAX_VALUE / 4;

    private ChunkCodec() {}

    /** Encodes columns [0, size) into out (at least size * MAX_BYTES_PER_EVENT long); returns the length. */
    static int encode(EventColumns c, byte[] out) {
        int n = c.size;
        int p = 0;
        long prev = 0;
        long[] start = c.start;
        for (int i = 0; i < n; i++) {
            long s = start[i];
            p = putVarLong(out, p, zigzag(s - prev));
            prev = s;
        }
        long[] dur = c.duration;
        for (int i = 0; i < n; i++) p = putVarLong(out, p, dur[i]);
        int[] unit = c.unit;
        for (int i = 0; i < n; i++) p = putVarLong(out, p, unit[i]);
        System.arraycopy(c.kind, 0, out, p, n);
        p += n;
        int[] layer = c.layer;
        for (int i = 0; i < n; i++) p = putVarLong(out, p, layer[i] + 1L);
        int[] op = c.op;
        long prevOp = 0;
        for (int i = 0; i < n; i++) {
            p = putVarLong(out, p, zigzag(op[i] - prevOp));
            prevOp = op[i];
        }
        long[] bytes = c.bytes;
        for (int i = 0; i < n; i++) p = putVarLong(out, p, bytes[i]);
        long[] macs = c.macs;
        for (int i = 0; i < n; i++) p = putVarLong(out, p, macs[i]);
        return p;
    }

    /**
     * Decodes n events from in[0, length) into c. Throws {@link IllegalStateException} with a short reason when
     * the payload is malformed (the caller adds file and chunk).
     */
    static void decode(byte[] in, int length, int n, EventColumns c, int unitCount, int layerCount) {
        Cursor cur = new Cursor(in, length);
        long prev = 0;
        for (int i = 0; i < n; i++) {
            prev += unzigzag(cur.varLong());
            // times are cycles from 0; the sum below keeps end = start + duration within a long
            if (prev < 0 || prev > MAX_CYCLE) throw new IllegalStateException("event " + i + " starts at cycle " + prev + " (expected 0.." + MAX_CYCLE + ")");
            c.start[i] = prev;
        }
        for (int i = 0; i < n; i++) {
            long d = cur.varLong();
            if (d < 0 || d > MAX_CYCLE) throw new IllegalStateException("event " + i + " has duration " + d + " (expected 0.." + MAX_CYCLE + ")");
            c.duration[i] = d;
        }
        for (int i = 0; i < n; i++) {
            long u = cur.varLong();
            if (u < 0 || u >= unitCount) throw new IllegalStateException("event " + i + " has unit " + u + " but the header declares " + unitCount);
            c.unit[i] = (int) u;
        }
        if (cur.pos + n > length) throw new IllegalStateException("kind column runs past the payload");
        for (int i = 0; i < n; i++) {
            byte k = in[cur.pos + i];
            if (EventKind.ofCode(k & 0xff) == null) throw new IllegalStateException("event " + i + " has unknown kind code " + (k & 0xff));
            c.kind[i] = k;
        }
        cur.pos += n;
        for (int i = 0; i < n; i++) {
            long l = cur.varLong() - 1;
            if (l < -1 || l >= layerCount) throw new IllegalStateException("event " + i + " has layer " + l + " but the header declares " + layerCount);
            c.layer[i] = (int) l;
        }
        long prevOp = 0;
        for (int i = 0; i < n; i++) {
            prevOp += unzigzag(cur.varLong());
            if (prevOp != (int) prevOp) throw new IllegalStateException("event " + i + " has op " + prevOp + " (expected a 32-bit op id)");
            c.op[i] = (int) prevOp;
        }
        for (int i = 0; i < n; i++) c.bytes[i] = count(cur.varLong(), i, "bytes");
        for (int i = 0; i < n; i++) c.macs[i] = count(cur.varLong(), i, "MACs");
        if (cur.pos != length) throw new IllegalStateException("payload has " + (length - cur.pos) + " bytes after the last column");
        c.size = n;
    }

    /** A byte or MAC count: non-negative and small enough that sums over a trace cannot overflow. */
    private static long count(long v, int i, String what) {
        if (v < 0 || v > MAX_COUNT) throw new IllegalStateException("event " + i + " has " + v + " " + what + " (expected 0.." + MAX_COUNT + ")");
        return v;
    }

    static long zigzag(long v) { return (v << 1) ^ (v >> 63); }

    static long unzigzag(long v) { return (v >>> 1) ^ -(v & 1); }

    static int putVarLong(byte[] out, int p, long v) {
        while ((v & ~0x7FL) != 0) {
            out[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[p++] = (byte) v;
        return p;
    }

    private static final class Cursor {
        final byte[] in;
        final int limit;
        int pos;

        Cursor(byte[] in, int limit) {
            this.in = in;
            this.limit = limit;
        }

        long varLong() {
            long v = 0;
            int shift = 0;
            while (true) {
                if (pos >= limit) throw new IllegalStateException("varint runs past the payload");
                byte b = in[pos++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) return v;
                shift += 7;
                if (shift > 63) throw new IllegalStateException("varint longer than 10 bytes");
            }
        }
    }
}
