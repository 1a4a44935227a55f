package org.nxm.compiler.program;

/**
 * A block tile of a GEMM C[M×N] += A[M×K]·B[K×N] in logical coordinates: rows {@code [m0, m0+bm)} of
 * C, columns {@code [n0, n0+bn)}, and the K slice {@code [k0, k0+bk)}. Edge tiles are clipped to the
 * GEMM (bm, bn, bk are the real extents, not the padded ones).
 */
public record Tile(int m0, int bm, int n0, int bn, int k0, int bk) {
    public Region a() { return new Region(m0, bm, k0, bk); }

    public Region b() { return new Region(k0, bk, n0, bn); }

    public Region c() { return new Region(m0, bm, n0, bn); }

    /** Dense multiply-accumulates of this tile. */
    public long denseMacs() { return (long) bm * bn * bk; }
}
