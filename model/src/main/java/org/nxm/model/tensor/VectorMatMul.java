package org.nxm.model.tensor;

import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked float32 matmul kernels on the incubator Vector API, split into output tiles that
 * run on the common fork-join pool. Only {@link MatMul} calls this class, and only after it checked
 * that {@code jdk.incubator.vector} is present, so a JVM without the module never loads it.
 */
final class VectorMatMul {
    private VectorMatMul() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Output tile per task: big enough to amortise scheduling, small enough to give both cores work. */
    private static final int TILE_ROWS = 32;
    private static final int TILE_COLS = 128;
    /** Below this many multiply-adds a single thread is faster than forking. */
    private static final long PARALLEL_MACS = 1L << 18;

    /** c[n,m] = a[n,k] · b[k,m]. */
    static void multiply(float[] a, float[] b, float[] c, int n, int k, int m) {
        forTiles(n, m, k, (i0, i1, j0, j1) -> multiplyTile(a, k, 1, b, c, k, m, i0, i1, j0, j1));
    }

    /**
     * c[n,m] = a[k,n]ᵀ · b[k,m] (a stored transposed: the weight gradient dYᵀ·X of a Linear layer):
     * the same register-blocked kernel reading a's element (i, p) at {@code p·n + i}, so the transpose is
     * never materialised.
     */
    static void multiplyTransposedA(float[] a, float[] b, float[] c, int n, int k, int m) {
        forTiles(n, m, k, (i0, i1, j0, j1) -> multiplyTile(a, 1, n, b, c, k, m, i0, i1, j0, j1));
    }

    /** c[n,m] = a[n,k] · b[m,k]ᵀ: dot products of rows, so the transpose is never materialised. */
    static void multiplyTransposed(float[] a, float[] b, float[] c, int n, int k, int m) {
        forTiles(n, m, k, (i0, i1, j0, j1) -> dotTile(a, b, c, k, m, i0, i1, j0, j1));
    }

    @FunctionalInterface
    private interface Tile {
        void run(int i0, int i1, int j0, int j1);
    }

    private static void forTiles(int n, int m, int k, Tile tile) {
        if (n == 0 || m == 0) return;
        int tr = (n + TILE_ROWS - 1) / TILE_ROWS;
        int tc = (m + TILE_COLS - 1) / TILE_COLS;
        IntStream tasks = IntStream.range(0, tr * tc);
        if ((long) n * m * k >= PARALLEL_MACS && tr * tc > 1) tasks = tasks.parallel();
        tasks.forEach(t -> {
            int i0 = (t / tc) * TILE_ROWS, j0 = (t % tc) * TILE_COLS;
            tile.run(i0, Math.min(n, i0 + TILE_ROWS), j0, Math.min(m, j0 + TILE_COLS));
        });
    }

    // ---- a · b: 4 rows x 2 vectors of c held in registers across the whole k loop ----

    /** a's element (i, p) is {@code a[i·ai + p·ap]}: (k, 1) for a stored [n, k], (1, n) for a stored [k, n]. */
    private static void multiplyTile(float[] a, int ai, int ap, float[] b, float[] c, int k, int m,
                                     int i0, int i1, int j0, int j1) {
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int j = j0;
            for (; j + 2 * L <= j1; j += 2 * L) axpy4x2(a, ai, ap, b, c, k, m, i, j);
            for (; j + L <= j1; j += L) axpyRows1(a, ai, ap, b, c, k, m, i, 4, j);
            scalarRows(a, ai, ap, b, c, k, m, i, i + 4, j, j1);
        }
        for (; i < i1; i++) {
            int j = j0;
            for (; j + L <= j1; j += L) axpyRows1(a, ai, ap, b, c, k, m, i, 1, j);
            scalarRows(a, ai, ap, b, c, k, m, i, i + 1, j, j1);
        }
    }

    private static void axpy4x2(float[] a, int ai, int ap, float[] b, float[] c, int k, int m, int i, int j) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        int a0 = i * ai, a1 = a0 + ai, a2 = a1 + ai, a3 = a2 + ai;
        for (int p = 0, po = 0; p < k; p++, po += ap) {
            int bo = p * m + j;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + po]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + po]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + po]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + po]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
        }
        int o = i * m + j;
        c00.intoArray(c, o); c01.intoArray(c, o + L); o += m;
        c10.intoArray(c, o); c11.intoArray(c, o + L); o += m;
        c20.intoArray(c, o); c21.intoArray(c, o + L); o += m;
        c30.intoArray(c, o); c31.intoArray(c, o + L);
    }

    private static void axpyRows1(float[] a, int ai, int ap, float[] b, float[] c, int k, int m, int i, int rows, int j) {
        for (int r = i; r < i + rows; r++) {
            FloatVector acc = FloatVector.zero(S);
            int ao = r * ai;
            for (int p = 0; p < k; p++) {
                acc = FloatVector.broadcast(S, a[ao + p * ap]).fma(FloatVector.fromArray(S, b, p * m + j), acc);
            }
            acc.intoArray(c, r * m + j);
        }
    }

    private static void scalarRows(float[] a, int ai, int ap, float[] b, float[] c, int k, int m, int r0, int r1, int j0, int j1) {
        for (int r = r0; r < r1; r++) {
            for (int j = j0; j < j1; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) s = Math.fma(a[r * ai + p * ap], b[p * m + j], s);
                c[r * m + j] = s;
            }
        }
    }

    // ---- a · bᵀ: 4 rows of a x 4 rows of b, 16 vector accumulators reduced once at the end ----

    private static void dotTile(float[] a, float[] b, float[] c, int k, int m, int i0, int i1, int j0, int j1) {
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int j = j0;
            for (; j + 4 <= j1; j += 4) dot4x4(a, b, c, k, m, i, j);
            for (; j < j1; j++) for (int r = i; r < i + 4; r++) c[r * m + j] = dot(a, r * k, b, j * k, k);
        }
        for (; i < i1; i++) {
            for (int j = j0; j < j1; j++) c[i * m + j] = dot(a, i * k, b, j * k, k);
        }
    }

    private static void dot4x4(float[] a, float[] b, float[] c, int k, int m, int i, int j) {
        FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S), s02 = FloatVector.zero(S), s03 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S), s11 = FloatVector.zero(S), s12 = FloatVector.zero(S), s13 = FloatVector.zero(S);
        FloatVector s20 = FloatVector.zero(S), s21 = FloatVector.zero(S), s22 = FloatVector.zero(S), s23 = FloatVector.zero(S);
        FloatVector s30 = FloatVector.zero(S), s31 = FloatVector.zero(S), s32 = FloatVector.zero(S), s33 = FloatVector.zero(S);
        int a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
        int b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
        int kv = S.loopBound(k);
        int p = 0;
        for (; p < kv; p += L) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector x2 = FloatVector.fromArray(S, a, a2 + p);
            FloatVector x3 = FloatVector.fromArray(S, a, a3 + p);
            FloatVector y = FloatVector.fromArray(S, b, b0 + p);
            s00 = x0.fma(y, s00); s10 = x1.fma(y, s10); s20 = x2.fma(y, s20); s30 = x3.fma(y, s30);
            y = FloatVector.fromArray(S, b, b1 + p);
            s01 = x0.fma(y, s01); s11 = x1.fma(y, s11); s21 = x2.fma(y, s21); s31 = x3.fma(y, s31);
            y = FloatVector.fromArray(S, b, b2 + p);
            s02 = x0.fma(y, s02); s12 = x1.fma(y, s12); s22 = x2.fma(y, s22); s32 = x3.fma(y, s32);
            y = FloatVector.fromArray(S, b, b3 + p);
            s03 = x0.fma(y, s03); s13 = x1.fma(y, s13); s23 = x2.fma(y, s23); s33 = x3.fma(y, s33);
        }
        int o0 = i * m + j, o1 = o0 + m, o2 = o1 + m, o3 = o2 + m;
        c[o0] = sum(s00) + tail(a, a0, b, b0, p, k);
        c[o0 + 1] = sum(s01) + tail(a, a0, b, b1, p, k);
        c[o0 + 2] = sum(s02) + tail(a, a0, b, b2, p, k);
        c[o0 + 3] = sum(s03) + tail(a, a0, b, b3, p, k);
        c[o1] = sum(s10) + tail(a, a1, b, b0, p, k);
        c[o1 + 1] = sum(s11) + tail(a, a1, b, b1, p, k);
        c[o1 + 2] = sum(s12) + tail(a, a1, b, b2, p, k);
        c[o1 + 3] = sum(s13) + tail(a, a1, b, b3, p, k);
        c[o2] = sum(s20) + tail(a, a2, b, b0, p, k);
        c[o2 + 1] = sum(s21) + tail(a, a2, b, b1, p, k);
        c[o2 + 2] = sum(s22) + tail(a, a2, b, b2, p, k);
        c[o2 + 3] = sum(s23) + tail(a, a2, b, b3, p, k);
        c[o3] = sum(s30) + tail(a, a3, b, b0, p, k);
        c[o3 + 1] = sum(s31) + tail(a, a3, b, b1, p, k);
        c[o3 + 2] = sum(s32) + tail(a, a3, b, b2, p, k);
        c[o3 + 3] = sum(s33) + tail(a, a3, b, b3, p, k);
    }

    private static float sum(FloatVector v) {
        return v.reduceLanes(VectorOperators.ADD);
    }

    private static float tail(float[] a, int ao, float[] b, int bo, int from, int k) {
        float s = 0f;
        for (int p = from; p < k; p++) s = Math.fma(a[ao + p], b[bo + p], s);
        return s;
    }

    /** One dot product of length k (vector body + scalar tail). */
    static float dot(float[] a, int ao, float[] b, int bo, int k) {
        FloatVector acc = FloatVector.zero(S);
        int kv = S.loopBound(k);
        int p = 0;
        for (; p < kv; p += L) {
            acc = FloatVector.fromArray(S, a, ao + p).fma(FloatVector.fromArray(S, b, bo + p), acc);
        }
        return sum(acc) + tail(a, ao, b, bo, p, k);
    }
}
