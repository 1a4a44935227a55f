package org.nxm.simulator.systolic;

import org.nxm.model.sparsity.NmPattern;

/**
 * One topology row in SCALE-Sim's convolution form. A GEMM row {@code M,N,K} is the convolution
 * IFMAP M×K, filter 1×K, 1 channel, N filters, stride 1 (SCALE-Sim's own mapping), so both forms
 * share the operand-address functions below.
 *
 * @param sparsity N:M pattern of the FILTER operand along K, or null for dense
 */
public record Layer(String name, int ifmapH, int ifmapW, int filterH, int filterW, int channels,
                    int numFilters, int strideH, int strideW, NmPattern sparsity) {

    public Layer {
        if (ifmapH <= 0 || ifmapW <= 0 || filterH <= 0 || filterW <= 0 || channels <= 0 || numFilters <= 0
                || strideH <= 0 || strideW <= 0) throw new IllegalArgumentException("layer dimensions must be positive");
        if (filterH > ifmapH || filterW > ifmapW) throw new IllegalArgumentException("filter larger than IFMAP");
        // the GEMM view's M and K are ints: a product past 2^31 - 1 must be refused, not wrap negative
        long k = (long) filterH * filterW * channels;
        long m = outputs(ifmapH, filterH, strideH) * outputs(ifmapW, filterW, strideW);
        if (k > Integer.MAX_VALUE) throw new IllegalArgumentException("GEMM K = filter height x width x channels = " + k + " exceeds " + Integer.MAX_VALUE);
        if (m > Integer.MAX_VALUE) throw new IllegalArgumentException("GEMM M = OFMAP height x width = " + m + " exceeds " + Integer.MAX_VALUE);
    }

    /** A GEMM OFMAP[M×N] = IFMAP[M×K]·FILTER[K×N]. */
    public static Layer gemm(String name, int m, int n, int k) {
        return gemm(name, m, n, k, null);
    }

    public static Layer gemm(String name, int m, int n, int k, NmPattern sparsity) {
        return new Layer(name, m, k, 1, k, 1, n, 1, 1, sparsity);
    }

    public Layer withSparsity(NmPattern p) {
        return new Layer(name, ifmapH, ifmapW, filterH, filterW, channels, numFilters, strideH, strideW, p);
    }

    public int ofmapH() { return (int) outputs(ifmapH, filterH, strideH); }

    public int ofmapW() { return (int) outputs(ifmapW, filterW, strideW); }

    /** ceil((in - filter + stride) / stride) in long arithmetic: in + stride can pass 2^31. */
    private static long outputs(int in, int filter, int stride) {
        long span = (long) in - filter + stride;
        return (span + stride - 1) / stride;
    }

    /** GEMM M: OFMAP pixels per filter. */
    public int m() { return ofmapH() * ofmapW(); }

    /** GEMM N: number of filters. */
    public int n() { return numFilters; }

    /** GEMM K: the convolution window (filterH·filterW·channels). */
    public int k() { return filterH * filterW * channels; }

    public long macs() { return (long) m() * n() * k(); }

    /** Words of the IFMAP tensor in memory (distinct addresses). */
    public long ifmapWords() { return (long) ifmapH * ifmapW * channels; }

    /**
     * Address (without offset) of IFMAP operand element (m, k) as SCALE-Sim computes it for the
     * im2col view, or -1 where the window falls outside the IFMAP.
     */
    public long ifmapAddress(int m, int k) {
        int ow = ofmapW();
        int orow = m / ow, ocol = m % ow;
        int irow = orow * strideH, icol = ocol * strideW;
        int fwc = filterW * channels;
        int crow = k / fwc, rem = k % fwc;
        int ccol = rem / channels, cch = rem % channels;
        if (crow + irow >= ifmapH || ccol + icol >= ifmapW) return -1;
        return ((long) irow * ifmapW + icol) * channels + ((long) crow * ifmapW + ccol) * channels + cch;
    }

    /** Address (without offset) of FILTER operand element (k, n). */
    public long filterAddress(int k, int n) {
        return (long) n * k() + k;
    }

    /** Address (without offset) of OFMAP operand element (m, n). */
    public long ofmapAddress(int m, int n) {
        return (long) n() * m + n;
    }

    /** True when the row came as GEMM (the IFMAP operand has no repeated or missing addresses). */
    public boolean isPlainGemm() {
        return filterH == 1 && channels == 1 && strideH == 1 && strideW == 1 && filterW == ifmapW;
    }
}
