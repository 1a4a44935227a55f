package org.nxm.admm.pruning;

import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;

/** Which weights of a [rows, cols] matrix are kept (row-major). */
public record NmMask(int rows, int cols, boolean[] keep) {
    public NmMask {
        if (keep.length != rows * cols) throw new IllegalArgumentException("mask is not " + rows + "x" + cols);
    }

    /** Projection mask of the given scores (row-major [rows, cols]): top-n per group, ties to the lower index. */
    public static NmMask topN(double[] scores, int rows, int cols, NmPattern p) {
        p.requireDivides(cols, "mask");
        boolean[] keep = new boolean[rows * cols];
        for (int base = 0; base < keep.length; base += p.m()) {
            int bits = p.topNMask(scores, base);
            for (int j = 0; j < p.m(); j++) keep[base + j] = (bits & (1 << j)) != 0;
        }
        return new NmMask(rows, cols, keep);
    }

    /** The magnitude projection mask of w. */
    public static NmMask magnitude(Matrix w, NmPattern p) {
        float[] d = w.data();
        double[] s = new double[d.length];
        for (int i = 0; i < d.length; i++) s[i] = Math.abs(d[i]);
        return topN(s, w.rows(), w.cols(), p);
    }

    /** A copy of w with the pruned entries zeroed. */
    public Matrix apply(Matrix w) {
        float[] d = w.data().clone();
        for (int i = 0; i < d.length; i++) if (!keep[i]) d[i] = 0f;
        return new Matrix(rows, cols, d);
    }

    public int kept() {
        int k = 0;
        for (boolean b : keep) if (b) k++;
        return k;
    }
}
