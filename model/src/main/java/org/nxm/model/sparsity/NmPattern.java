package org.nxm.model.sparsity;

import org.nxm.model.io.InputException;

/**
 * An N:M sparsity pattern: in every group of {@code m} consecutive weights along the reduction
 * (input) dimension at most {@code n} are non-zero. 2:4 is what NVIDIA sparse tensor cores run.
 *
 * <p>Groups run along the last (contiguous) axis of a row-major {@code [out, in]} weight, which is
 * the K dimension of the sparse GEMM operand.
 */
public record NmPattern(int n, int m) {
    public static final NmPattern TWO_FOUR = new NmPattern(2, 4);

    public NmPattern {
        if (n < 1 || n > m || m > 32) {
            throw new InputException("pattern " + n + ":" + m + ": expected 1 <= n <= m <= 32");
        }
    }

    /** How programs, reports and the command line write "no N:M pattern". */
    public static final String DENSE = "dense";

    /**
     * Parses "dense" (any case) or "N:M"; null for dense, also for an N:M with n = m (every weight kept),
     * so callers hold one representation of "dense".
     */
    public static NmPattern parseOrDense(String text) {
        if (text == null || text.trim().equalsIgnoreCase(DENSE)) return null;
        NmPattern p = parse(text);
        return p.isDense() ? null : p;
    }

    /** The name of a pattern as {@link #parseOrDense} reads it back: "dense" for null or n = m. */
    public static String nameOf(NmPattern p) {
        return p == null || p.isDense() ? DENSE : p.toString();
    }

    /** Parses "2:4". */
    public static NmPattern parse(String text) {
        String[] parts = text.trim().split(":");
        if (parts.length != 2) {
            throw new InputException("pattern '" + text + "': expected N:M such as 2:4");
        }
        try {
            return new NmPattern(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new InputException("pattern '" + text + "': expected N:M with integer N and M, such as 2:4");
        }
    }

    /** True for n = m: every weight kept, nothing to compress. */
    public boolean isDense() {
        return n == m;
    }

    /** Fraction of weights kept, n/m. */
    public double density() {
        return (double) n / m;
    }

    /** Bits of index metadata per kept value: ceil(log2 m). */
    public int indexBits() {
        return m <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(m - 1);
    }

    /**
     * The N:M check of a row-major {@code [rows, cols]} weight: the index of the first group (groups of m
     * along each row, numbered row by row) holding more than n non-zeros, or -1 when the weight obeys the
     * pattern. A cols that is not a multiple of m is a violation at group 0.
     */
    public long firstViolation(float[] w, int rows, int cols) {
        if (cols % m != 0) return 0;
        long groups = (long) rows * cols / m;
        for (long g = 0; g < groups; g++) {
            if (nonZeros(w, (int) (g * m)) > n) return g;
        }
        return -1;
    }

    /** Number of groups holding more than n non-zeros (0 = the weight obeys the pattern; all groups when cols % m != 0). */
    public long violations(float[] w, int rows, int cols) {
        if (cols % m != 0) return (long) rows * ((cols + m - 1) / m);
        long bad = 0;
        for (int base = 0; base < rows * cols; base += m) if (nonZeros(w, base) > n) bad++;
        return bad;
    }

    /** Non-zeros of the group starting at {@code base}. */
    public int nonZeros(float[] w, int base) {
        int nz = 0;
        for (int j = 0; j < m; j++) if (w[base + j] != 0f) nz++;
        return nz;
    }

    /** Checks that a reduction dimension of length k splits into whole groups. */
    public void requireDivides(int k, String what) {
        if (k % m != 0) {
            throw new InputException(what + ": reduction dimension " + k + " is not divisible by m=" + m
                    + " of pattern " + this);
        }
    }

    /**
     * Projects {@code row[offset .. offset+length)} onto the N:M set in place: in each group keeps
     * the n largest |w| (ties go to the lower index) and zeroes the rest. This is the Euclidean
     * projection, since it keeps the largest squared magnitudes.
     */
    public void projectInPlace(float[] row, int offset, int length) {
        requireDivides(length, "projection");
        for (int g = offset; g < offset + length; g += m) {
            int keepMask = topNMask(row, g);
            for (int j = 0; j < m; j++) {
                if ((keepMask & (1 << j)) == 0) row[g + j] = 0f;
            }
        }
    }

    /**
     * Bit j set = element {@code base + j} is among the n largest |values[base..base+m)|, ties to the
     * lower index. Selection by repeated maximum: m is at most 32, n usually 1 or 2.
     */
    public int topNMask(float[] values, int base) {
        int mask = 0;
        for (int k = 0; k < n; k++) {
            int best = -1;
            float bestAbs = -1f;
            for (int j = 0; j < m; j++) {
                if ((mask & (1 << j)) != 0) continue;
                float a = Math.abs(values[base + j]);
                if (a > bestAbs || (Float.isNaN(a) && best < 0)) {
                    bestAbs = a;
                    best = j;
                }
            }
            mask |= 1 << best;
        }
        return mask;
    }

    /** Same selection on arbitrary scores (e.g. Wanda's |w|·‖x‖): bit j set = keep. */
    public int topNMask(double[] scores, int base) {
        int mask = 0;
        for (int k = 0; k < n; k++) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < m; j++) {
                if ((mask & (1 << j)) != 0) continue;
                if (best < 0 || scores[base + j] > bestScore) {
                    bestScore = scores[base + j];
                    best = j;
                }
            }
            mask |= 1 << best;
        }
        return mask;
    }

    @Override
    public String toString() {
        return n + ":" + m;
    }
}
