package org.nxm.simulator.systolic;

import java.util.Arrays;

/** Cumulative stall cycles by line, so the cycle on which any line ran can be looked up afterwards. */
final class StallHistory {
    private long[] lines = new long[16], totals = new long[16];
    private int n;

    /** Stalls reached {@code cumulative} after line {@code line} (lines added in increasing order). */
    void add(long line, long cumulative) {
        if (n == lines.length) {
            lines = Arrays.copyOf(lines, n * 2);
            totals = Arrays.copyOf(totals, n * 2);
        }
        lines[n] = line;
        totals[n++] = cumulative;
    }

    /** The cycle on which {@code line} ran: its index plus the stalls of earlier lines. */
    long cycle(long line) {
        int lo = 0, hi = n; // first entry with lines[i] >= line
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (lines[mid] < line) lo = mid + 1; else hi = mid;
        }
        return line + (lo == 0 ? 0 : totals[lo - 1]);
    }
}
