package org.nxm.admm.linalg;

import java.util.stream.IntStream;

/**
 * Accumulates the Gram matrix H = XᵀX of calibration inputs X [tokens, n] (float32 rows), the
 * Hessian of the layer-wise reconstruction loss. This is the hot spot of calibration, so tokens are
 * taken in chunks: each chunk's product is formed in float32 with vector FMAs (at most
 * {@link #CHUNK} terms per sum, so the float32 rounding stays ~1e-6 relative) and then added into a
 * float64 accumulator. Only the upper triangle is computed; rows are dealt to threads interleaved so
 * the triangle's work is balanced.
 */
public final class Gram {
    static final int CHUNK = 128;

    private final int n;
    private final double[] acc;
    private long tokens;

    public Gram(int n) {
        this.n = n;
        this.acc = new double[n * n];
    }

    public int size() { return n; }
    public long tokens() { return tokens; }

    /** Adds the rows [0, rows) of x (row-major [rows, n]). */
    public void add(float[] x, int rows) {
        if ((long) rows * n > x.length) throw new IllegalArgumentException("x shorter than " + rows + "x" + n);
        float[] xt = new float[n * CHUNK];
        for (int t0 = 0; t0 < rows; t0 += CHUNK) {
            int len = Math.min(CHUNK, rows - t0);
            // xt [n × len]: column i of the chunk as a contiguous row, so the inner loop runs over j.
            for (int t = 0; t < len; t++) {
                int base = (t0 + t) * n;
                for (int i = 0; i < n; i++) xt[i * len + t] = x[base + i];
            }
            final int fl = len, ft0 = t0;
            int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
            IntStream.range(0, threads).parallel().forEach(w -> {
                float[] row = new float[n];
                for (int i = w; i < n; i += threads) {
                    java.util.Arrays.fill(row, i, n, 0f);
                    for (int t = 0; t < fl; t++) {
                        float a = xt[i * fl + t];
                        if (a != 0f) Vec.axpy(a, x, (ft0 + t) * n + i, row, i, n - i);
                    }
                    int base = i * n;
                    for (int j = i; j < n; j++) acc[base + j] += row[j];
                }
            });
        }
        tokens += rows;
    }

    /** The full symmetric H (a copy), float64 row-major [n, n]. */
    public double[] matrix() {
        double[] h = acc.clone();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) h[j * n + i] = h[i * n + j];
        }
        return h;
    }

    /** Reference XᵀX in float64 by the obvious loop (tests). */
    public static double[] reference(float[] x, int rows, int n) {
        double[] h = new double[n * n];
        for (int t = 0; t < rows; t++) {
            for (int i = 0; i < n; i++) {
                double a = x[t * n + i];
                for (int j = 0; j < n; j++) h[i * n + j] += a * x[t * n + j];
            }
        }
        return h;
    }
}
