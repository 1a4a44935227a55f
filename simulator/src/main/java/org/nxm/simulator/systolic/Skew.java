package org.nxm.simulator.systolic;

/**
 * Arithmetic of a skewed (diagonal) operand feed: an h×w block whose element (t, j) enters the
 * array on line t + j. Also SCALE-Sim's anti-diagonal prefetch order is this enumeration.
 */
final class Skew {
    private Skew() {}

    /** Elements of an h×w matrix on diagonals 0 … d−1. */
    static long prefix(long d, long h, long w) {
        if (d <= 0 || h <= 0 || w <= 0) return 0;
        if (d >= h + w - 1) return h * w;
        long a = d <= h ? d * (d + 1) / 2 : h * (h + 1) / 2 + (d - h) * h;
        long u = d - w;
        long b = u > 0 ? u * (u + 1) / 2 : 0;
        return a - b;
    }

    /** Elements on diagonal d of an h×w matrix. */
    static long count(long d, long h, long w) {
        if (d < 0 || d > h + w - 2) return 0;
        return Math.min(d, h - 1) - Math.max(0, d - w + 1) + 1;
    }

    /** Lowest column on diagonal d. */
    static long firstCol(long d, long h) {
        return Math.max(0, d - h + 1);
    }

    /** The diagonal holding the q-th element (0-based) in diagonal order. */
    static long diagonalOf(long q, long h, long w) {
        long lo = 0, hi = h + w - 2;
        while (lo < hi) {
            long mid = (lo + hi + 1) >>> 1;
            if (prefix(mid, h, w) <= q) lo = mid; else hi = mid - 1;
        }
        return lo;
    }
}
