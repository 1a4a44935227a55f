package org.nxm.simulator.functional;

import org.nxm.model.sparsity.NmPattern;

/**
 * An N:M weight in its logical compressed form: kept values (ascending index within each group) and
 * each value's position in its group. The hardware layouts (CUTLASS 2:4 metadata) decode to this.
 * Groups with fewer than n non-zeros keep zeros at the lowest free positions.
 */
public record LogicalNm(int outs, int k, NmPattern pattern, float[] values, byte[] index) {

    /** Compresses a dense weight [outs × k] that already obeys the pattern (extra non-zeros are refused). */
    public static LogicalNm compress(float[] dense, int outs, int k, NmPattern p) {
        p.requireDivides(k, "weight");
        int n = p.n();
        int m = p.m();
        int kept = k / m * n;
        float[] values = new float[outs * kept];
        byte[] index = new byte[outs * kept];
        for (int o = 0; o < outs; o++) {
            for (int g = 0; g < k / m; g++) {
                int base = o * k + g * m;
                int out = o * kept + g * n;
                int found = 0;
                for (int j = 0; j < m; j++) {
                    if (dense[base + j] != 0f) {
                        if (found == n) {
                            throw new IllegalArgumentException("row " + o + " group " + g + ": more than " + n + " non-zeros");
                        }
                        values[out + found] = dense[base + j];
                        index[out + found] = (byte) j;
                        found++;
                    }
                }
                // Pad with zeros at unused positions, keeping indices ascending and distinct.
                for (int j = 0; found < n && j < m; j++) {
                    boolean used = false;
                    for (int q = 0; q < found; q++) used |= index[out + q] == j;
                    if (!used && dense[base + j] == 0f) {
                        values[out + found] = 0f;
                        index[out + found] = (byte) j;
                        found++;
                    }
                }
                sortGroup(values, index, out, n);
            }
        }
        return new LogicalNm(outs, k, p, values, index);
    }

    private static void sortGroup(float[] v, byte[] idx, int off, int n) {
        for (int a = 1; a < n; a++) {
            for (int b = a; b > 0 && idx[off + b - 1] > idx[off + b]; b--) {
                byte ti = idx[off + b]; idx[off + b] = idx[off + b - 1]; idx[off + b - 1] = ti;
                float tv = v[off + b]; v[off + b] = v[off + b - 1]; v[off + b - 1] = tv;
            }
        }
    }

    /** The dense [outs × k] weight this encodes. */
    public float[] decode() {
        int n = pattern.n();
        int m = pattern.m();
        int kept = k / m * n;
        float[] dense = new float[outs * k];
        for (int o = 0; o < outs; o++) {
            for (int j = 0; j < kept; j++) {
                dense[o * k + (j / n) * m + index[o * kept + j]] = values[o * kept + j];
            }
        }
        return dense;
    }
}
