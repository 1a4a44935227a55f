package org.nxm.simulator.functional;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API forms of {@link SparseMma}'s float kernels. Lanes run across output columns j; each
 * lane adds its products in ascending k with a separate multiply and add, as the plain loops do, so the
 * results are bit-identical. Only {@link SparseMma} calls this class, after checking the module is
 * present, so a JVM without {@code jdk.incubator.vector} never loads it.
 */
final class VectorMma {
    private VectorMma() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    static void sparse(float[] values, int[] cols, int kept, int bm, float[] b, int bn, float[] acc) {
        int i = 0;
        if (bn == 2 * L) {
            // Two rows at a time: four independent accumulator chains, as in the 4-vector case.
            for (; i + 2 <= bm; i += 2) {
                int v0 = i * kept, v1 = v0 + kept, c0b = i * bn, c1b = c0b + bn;
                FloatVector a0 = FloatVector.fromArray(S, acc, c0b), a1 = FloatVector.fromArray(S, acc, c0b + L);
                FloatVector b0 = FloatVector.fromArray(S, acc, c1b), b1 = FloatVector.fromArray(S, acc, c1b + L);
                for (int t = 0; t < kept; t++) {
                    float w0 = values[v0 + t], w1 = values[v1 + t];
                    int r0 = cols[v0 + t] * bn, r1 = cols[v1 + t] * bn;
                    a0 = a0.add(FloatVector.fromArray(S, b, r0).mul(w0));
                    a1 = a1.add(FloatVector.fromArray(S, b, r0 + L).mul(w0));
                    b0 = b0.add(FloatVector.fromArray(S, b, r1).mul(w1));
                    b1 = b1.add(FloatVector.fromArray(S, b, r1 + L).mul(w1));
                }
                a0.intoArray(acc, c0b);
                a1.intoArray(acc, c0b + L);
                b0.intoArray(acc, c1b);
                b1.intoArray(acc, c1b + L);
            }
        }
        rowByRow(values, cols, kept, kept, i, bm, b, bn, acc);
    }

    /**
     * A dense MMA is the sparse kernel with every k kept: the column of kept value t is t itself (one index
     * row shared by all rows), so the products and their ascending-k order are those of the plain loop.
     */
    static void dense(float[] a, int bm, int bk, float[] b, int bn, float[] acc) {
        int[] everyK = new int[bk];
        for (int k = 0; k < bk; k++) everyK[k] = k;
        rowByRow(a, everyK, bk, 0, 0, bm, b, bn, acc);
    }

    /**
     * Rows [from, bm) one at a time: row i's kept values are values[i·kept ..], their B rows
     * cols[i·colsRowStride ..] (stride 0: one index row for all).
     */
    private static void rowByRow(float[] values, int[] cols, int kept, int colsRowStride, int from, int bm,
                                 float[] b, int bn, float[] acc) {
        for (int i = from; i < bm; i++) {
            int vb = i * kept, ib = i * colsRowStride, cb = i * bn;
            int j = 0;
            // Four vectors of one C row stay in registers over the whole kept loop.
            for (; j + 4 * L <= bn; j += 4 * L) {
                FloatVector c0 = FloatVector.fromArray(S, acc, cb + j);
                FloatVector c1 = FloatVector.fromArray(S, acc, cb + j + L);
                FloatVector c2 = FloatVector.fromArray(S, acc, cb + j + 2 * L);
                FloatVector c3 = FloatVector.fromArray(S, acc, cb + j + 3 * L);
                for (int t = 0; t < kept; t++) {
                    float w = values[vb + t];
                    int r = cols[ib + t] * bn + j;
                    c0 = c0.add(FloatVector.fromArray(S, b, r).mul(w));
                    c1 = c1.add(FloatVector.fromArray(S, b, r + L).mul(w));
                    c2 = c2.add(FloatVector.fromArray(S, b, r + 2 * L).mul(w));
                    c3 = c3.add(FloatVector.fromArray(S, b, r + 3 * L).mul(w));
                }
                c0.intoArray(acc, cb + j);
                c1.intoArray(acc, cb + j + L);
                c2.intoArray(acc, cb + j + 2 * L);
                c3.intoArray(acc, cb + j + 3 * L);
            }
            for (; j + 2 * L <= bn; j += 2 * L) {
                FloatVector c0 = FloatVector.fromArray(S, acc, cb + j);
                FloatVector c1 = FloatVector.fromArray(S, acc, cb + j + L);
                for (int t = 0; t < kept; t++) {
                    float w = values[vb + t];
                    int r = cols[ib + t] * bn + j;
                    c0 = c0.add(FloatVector.fromArray(S, b, r).mul(w));
                    c1 = c1.add(FloatVector.fromArray(S, b, r + L).mul(w));
                }
                c0.intoArray(acc, cb + j);
                c1.intoArray(acc, cb + j + L);
            }
            for (; j + L <= bn; j += L) {
                FloatVector c0 = FloatVector.fromArray(S, acc, cb + j);
                for (int t = 0; t < kept; t++) {
                    c0 = c0.add(FloatVector.fromArray(S, b, cols[ib + t] * bn + j).mul(values[vb + t]));
                }
                c0.intoArray(acc, cb + j);
            }
            for (; j < bn; j++) {
                float sum = acc[cb + j];
                for (int t = 0; t < kept; t++) sum += values[vb + t] * b[cols[ib + t] * bn + j];
                acc[cb + j] = sum;
            }
        }
    }
}
