package org.nxm.traces.analysis;

/**
 * A layer's own share of a run: the stretch between the moment every earlier layer (in program order) has
 * finished and the moment this layer finishes.
 *
 * <p>Why this definition: in a Transformer each layer consumes the previous layer's output, so the run's
 * critical path passes through every layer's completion in order; the cycles between two consecutive
 * completions are the layer's segment of that path. The shares of all layers (plus the tail after the last
 * layer, if any) add up to the run exactly, and work a layer does early (a weight prefetch overlapping an
 * earlier layer) does not stretch its figure. A first-to-last-event span would count that overlap once per
 * layer and grow with the layer's index whenever loads are issued ahead.
 *
 * <p>A layer that finishes before an earlier one (possible only when layers are independent) gets 0 cycles;
 * its work is then hidden under the earlier layer's.
 */
public final class LayerShares {
    private LayerShares() {}

    /**
     * @param start  the run's first cycle (the first layer's segment starts here)
     * @param lastEnd per layer in program order, its last event's end; a negative value marks a layer without
     *                events (share 0, does not move the frontier)
     * @return per layer, its own cycles
     */
    public static long[] of(long start, long[] lastEnd) {
        long[] own = new long[lastEnd.length];
        long frontier = start;
        for (int i = 0; i < lastEnd.length; i++) {
            if (lastEnd[i] < 0) continue;
            if (lastEnd[i] > frontier) {
                own[i] = lastEnd[i] - frontier;
                frontier = lastEnd[i];
            }
        }
        return own;
    }

    /** The frontier after all layers: the largest last end (or {@code start} when there is none). */
    public static long completion(long start, long[] lastEnd) {
        long f = start;
        for (long e : lastEnd) f = Math.max(f, e);
        return f;
    }
}
