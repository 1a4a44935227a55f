package org.nxm.model.transformer;

import java.util.Arrays;
import java.util.List;
import org.nxm.model.tensor.Matrix;

/**
 * A padded batch of token sequences, row-major {@code [batch, seqLen]}: token ids, attention mask
 * (1 = real token, 0 = padding) and token-type (segment) ids. Hidden states of a batch are matrices
 * {@code [batch * seqLen, hidden]}, row {@code b * seqLen + t} for token t of sequence b.
 */
public record TokenBatch(int batchSize, int seqLen, int[] inputIds, int[] attentionMask, int[] tokenTypeIds) {
    public TokenBatch {
        int n = batchSize * seqLen;
        if (batchSize < 0 || seqLen < 0 || inputIds.length != n || attentionMask.length != n || tokenTypeIds.length != n) {
            throw new IllegalArgumentException("token batch arrays must all have batchSize*seqLen = " + n + " entries");
        }
    }

    /** One sequence's ids, token types and (implicit, all ones) mask. */
    public record Sequence(int[] ids, int[] typeIds) {
        public Sequence {
            if (ids.length != typeIds.length) throw new IllegalArgumentException("ids and type ids differ in length");
        }

        public static Sequence of(int... ids) { return new Sequence(ids, new int[ids.length]); }

        public int length() { return ids.length; }
    }

    /** Pads the sequences to the longest one (id 0, mask 0, type 0). */
    public static TokenBatch of(List<Sequence> sequences) {
        int b = sequences.size();
        int len = 0;
        for (Sequence s : sequences) len = Math.max(len, s.length());
        int[] ids = new int[b * len], mask = new int[b * len], types = new int[b * len];
        for (int i = 0; i < b; i++) {
            Sequence s = sequences.get(i);
            System.arraycopy(s.ids(), 0, ids, i * len, s.length());
            System.arraycopy(s.typeIds(), 0, types, i * len, s.length());
            Arrays.fill(mask, i * len, i * len + s.length(), 1);
        }
        return new TokenBatch(b, len, ids, mask, types);
    }

    public static TokenBatch of(Sequence... sequences) { return of(List.of(sequences)); }

    public int rows() { return batchSize * seqLen; }

    public boolean isReal(int b, int t) { return attentionMask[b * seqLen + t] != 0; }

    /** Number of real (unmasked) tokens of sequence b. */
    public int length(int b) {
        int n = 0;
        for (int t = 0; t < seqLen; t++) n += attentionMask[b * seqLen + t];
        return n;
    }

    public int realTokens() {
        int n = 0;
        for (int m : attentionMask) n += m;
        return n;
    }

    /**
     * The rows of a {@code [batch * seqLen, d]} matrix that belong to real tokens — what calibration
     * statistics (Wanda norms, SparseGPT/ADMM Hessians) should see, without the padding rows.
     */
    public Matrix realRows(Matrix m) {
        if (m.rows() != rows()) throw new IllegalArgumentException("matrix has " + m.rows() + " rows, batch has " + rows());
        int d = m.cols();
        Matrix out = new Matrix(realTokens(), d);
        int r = 0;
        for (int i = 0; i < rows(); i++) {
            if (attentionMask[i] != 0) System.arraycopy(m.data(), i * d, out.data(), (r++) * d, d);
        }
        return out;
    }
}
