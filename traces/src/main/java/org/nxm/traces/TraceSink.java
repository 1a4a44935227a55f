package org.nxm.traces;

/**
 * Where a simulator sends its events. The call takes primitives only so that emitting an event allocates
 * nothing: simulators may emit tens of millions of them. A sink is not thread-safe; one simulation thread
 * owns it.
 *
 * <p>Implementations: {@link #none()} (discards, for runs without {@code --trace}),
 * {@link org.nxm.traces.format.NxmtWriter} (the {@code .nxmt} file), and the analyses, which the reader
 * replays a file into.
 */
public interface TraceSink extends AutoCloseable {

    /**
     * Records one event.
     *
     * @param kind     what happened
     * @param unit     index of the unit in the header's units table
     * @param start    first cycle (>= 0)
     * @param duration cycles (>= 0)
     * @param layer    index in the header's layer names, or -1
     * @param op       tile-op id, or -1
     * @param bytes    bytes moved (>= 0)
     * @param macs     MACs performed (>= 0)
     */
    void event(EventKind kind, int unit, long start, long duration, int layer, int op, long bytes, long macs);

    /** Finishes the trace (a writer writes its last chunk and the index). The default does nothing. */
    @Override
    default void close() {}

    /** A sink that discards everything; emitting to it costs one virtual call. */
    static TraceSink none() { return NoOpSink.INSTANCE; }

    /** True for the discarding sink, so a simulator can skip building event arguments altogether. */
    default boolean isEnabled() { return true; }

    /** The discarding sink. */
    final class NoOpSink implements TraceSink {
        static final NoOpSink INSTANCE = new NoOpSink();

        private NoOpSink() {}

        @Override
        public void event(EventKind kind, int unit, long start, long duration, int layer, int op, long bytes, long macs) {}

        @Override
        public boolean isEnabled() { return false; }
    }
}
