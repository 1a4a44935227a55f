package org.nxm.traces;

/**
 * One event as a value: convenient for tests and small traces. The hot paths (writer, reader replay,
 * analyses) pass the same fields as primitives through {@link TraceSink} and never allocate these.
 *
 * @param kind     what happened
 * @param unit     index into {@link TraceHeader#units()}
 * @param start    first cycle
 * @param duration cycles (>= 0); the event covers [start, start + duration)
 * @param layer    index into {@link TraceHeader#layers()}, or -1 when the event belongs to no layer
 * @param op       the tile-op id in the compiled program (-1 when none)
 * @param bytes    bytes moved (transfers) or 0
 * @param macs     multiply-accumulates performed (MMA events) or 0
 */
public record TraceEvent(EventKind kind, int unit, long start, long duration, int layer, int op, long bytes, long macs) {
    public long end() { return start + duration; }

    /** Sends this event to a sink. */
    public void emitTo(TraceSink sink) {
        sink.event(kind, unit, start, duration, layer, op, bytes, macs);
    }
}
