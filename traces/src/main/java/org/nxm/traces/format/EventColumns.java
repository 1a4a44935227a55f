package org.nxm.traces.format;

import org.nxm.traces.EventKind;
import org.nxm.traces.TraceEvent;
import org.nxm.traces.TraceSink;

/**
 * One chunk's events as primitive columns, reused from chunk to chunk so that writing and reading allocate
 * nothing per event.
 */
public final class EventColumns {
    final long[] start;
    final long[] duration;
    final int[] unit;
    final byte[] kind;
    final int[] layer;
    final int[] op;
    final long[] bytes;
    final long[] macs;
    int size;

    EventColumns(int capacity) {
        start = new long[capacity];
        duration = new long[capacity];
        unit = new int[capacity];
        kind = new byte[capacity];
        layer = new int[capacity];
        op = new int[capacity];
        bytes = new long[capacity];
        macs = new long[capacity];
    }

    public int size() { return size; }

    public int capacity() { return start.length; }

    public long start(int i) { return start[i]; }

    public long duration(int i) { return duration[i]; }

    public int unit(int i) { return unit[i]; }

    public EventKind kind(int i) { return EventKind.ofCode(kind[i] & 0xff); }

    public int layer(int i) { return layer[i]; }

    public int op(int i) { return op[i]; }

    public long bytes(int i) { return bytes[i]; }

    public long macs(int i) { return macs[i]; }

    public TraceEvent event(int i) {
        return new TraceEvent(kind(i), unit[i], start[i], duration[i], layer[i], op[i], bytes[i], macs[i]);
    }

    /** Sends events [0, size) to the sink. */
    public void replay(TraceSink sink) {
        for (int i = 0; i < size; i++) {
            sink.event(EventKind.ofCode(kind[i] & 0xff), unit[i], start[i], duration[i], layer[i], op[i], bytes[i], macs[i]);
        }
    }

    /** Sends the events overlapping [from, to) to the sink (a zero-length event at 'from' counts). */
    public void replay(long from, long to, TraceSink sink) {
        for (int i = 0; i < size; i++) {
            long s = start[i];
            long e = s + duration[i];
            if (s < to && (e > from || s >= from)) {
                sink.event(EventKind.ofCode(kind[i] & 0xff), unit[i], s, duration[i], layer[i], op[i], bytes[i], macs[i]);
            }
        }
    }
}
