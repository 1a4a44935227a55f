package org.nxm.admm.finetune.nn;

import org.nxm.model.tensor.Matrix;

/** Masked mean pooling: the mean of each sequence's real-token rows (sentence-transformers' pooling). */
public final class MeanPooling {
    private MeanPooling() {}

    public static Matrix forward(Matrix h, PackedSequences seqs) {
        int n = h.cols();
        float[] hd = h.data();
        Matrix out = new Matrix(seqs.sequences(), n);
        float[] od = out.data();
        for (int s = 0; s < seqs.sequences(); s++) {
            double[] acc = new double[n];
            for (int r = seqs.start(s); r < seqs.start(s) + seqs.length(s); r++) {
                for (int j = 0; j < n; j++) acc[j] += hd[r * n + j];
            }
            for (int j = 0; j < n; j++) od[s * n + j] = (float) (acc[j] / seqs.length(s));
        }
        return out;
    }

    public static Matrix backward(Matrix dPooled, PackedSequences seqs) {
        int n = dPooled.cols();
        float[] g = dPooled.data();
        Matrix dh = new Matrix(seqs.tokens(), n);
        float[] d = dh.data();
        for (int s = 0; s < seqs.sequences(); s++) {
            float inv = 1f / seqs.length(s);
            for (int r = seqs.start(s); r < seqs.start(s) + seqs.length(s); r++) {
                for (int j = 0; j < n; j++) d[r * n + j] = g[s * n + j] * inv;
            }
        }
        return dh;
    }
}
