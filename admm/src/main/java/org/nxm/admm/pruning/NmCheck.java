package org.nxm.admm.pruning;

import org.nxm.model.sparsity.NmPattern;

/** Verifies the N:M property of a weight: at most n non-zeros in every group of m along the input dimension. */
public final class NmCheck {
    private NmCheck() {}

    /** Number of groups holding more than n non-zeros (0 = the tensor is N:M). */
    public static long violations(float[] w, int rows, int cols, NmPattern p) {
        if (cols % p.m() != 0) return (long) rows * ((cols + p.m() - 1) / p.m());
        long bad = 0;
        for (int base = 0; base < rows * cols; base += p.m()) {
            int nz = 0;
            for (int j = 0; j < p.m(); j++) if (w[base + j] != 0f) nz++;
            if (nz > p.n()) bad++;
        }
        return bad;
    }
}
