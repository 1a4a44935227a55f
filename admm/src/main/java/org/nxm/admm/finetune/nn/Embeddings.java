package org.nxm.admm.finetune.nn;

import org.nxm.model.tensor.Matrix;

/** BERT input embeddings before their LayerNorm: word + position + token type, looked up per row. */
public final class Embeddings {
    private Embeddings() {}

    public static Matrix forward(PackedSequences seqs, Matrix word, Matrix position, Matrix type) {
        int n = word.cols(), t = seqs.tokens();
        Matrix out = new Matrix(t, n);
        float[] o = out.data(), w = word.data(), p = position.data(), ty = type.data();
        for (int r = 0; r < t; r++) {
            int wi = seqs.tokenIds()[r] * n, pi = seqs.positions()[r] * n, ti = seqs.typeIds()[r] * n;
            for (int j = 0; j < n; j++) o[r * n + j] = w[wi + j] + p[pi + j] + ty[ti + j];
        }
        return out;
    }

    /** Scatter-adds each row's gradient into the rows it was looked up from (null = not wanted). */
    public static void backward(Matrix dOut, PackedSequences seqs, Matrix dWord, Matrix dPosition, Matrix dType) {
        int n = dOut.cols();
        float[] g = dOut.data();
        for (int r = 0; r < seqs.tokens(); r++) {
            if (dWord != null) add(g, r * n, dWord.data(), seqs.tokenIds()[r] * n, n);
            if (dPosition != null) add(g, r * n, dPosition.data(), seqs.positions()[r] * n, n);
            if (dType != null) add(g, r * n, dType.data(), seqs.typeIds()[r] * n, n);
        }
    }

    private static void add(float[] src, int from, float[] dst, int to, int n) {
        for (int j = 0; j < n; j++) dst[to + j] += src[from + j];
    }
}
