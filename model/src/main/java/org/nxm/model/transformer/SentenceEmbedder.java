package org.nxm.model.transformer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.nxm.model.tensor.Matrix;
import org.nxm.model.tokenizer.WordPieceTokenizer;

/**
 * Sentence embeddings as sentence-transformers computes them for all-MiniLM-L6-v2: tokenize, run the
 * encoder, average the last hidden state over real tokens (attention mask), L2-normalise. Sentences
 * are sorted by token count and batched so a batch carries little padding; results come back in input
 * order. The encoder's kernels use both cores, so batches run one after another.
 */
public final class SentenceEmbedder {
    /** Padded tokens per batch: large enough for efficient GEMMs, small enough to stay in cache-sized chunks. */
    public static final int DEFAULT_BATCH_TOKENS = 2048;
    public static final int DEFAULT_MAX_BATCH = 64;

    private final Encoder encoder;
    private final WordPieceTokenizer tokenizer;

    public SentenceEmbedder(Encoder encoder, WordPieceTokenizer tokenizer) {
        this.encoder = encoder;
        this.tokenizer = tokenizer;
    }

    public Encoder encoder() { return encoder; }

    public WordPieceTokenizer tokenizer() { return tokenizer; }

    public float[] embed(String sentence) { return embed(List.of(sentence))[0]; }

    /** L2-normalised embeddings, one per sentence, in input order. */
    public float[][] embed(List<String> sentences) {
        int n = sentences.size();
        List<TokenBatch.Sequence> seqs = new ArrayList<>(n);
        for (String s : sentences) seqs.add(tokenizer.encode(s));
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingInt(i -> seqs.get(i).length()));
        float[][] out = new float[n][];
        int start = 0;
        while (start < n) {
            int end = start;
            List<TokenBatch.Sequence> batch = new ArrayList<>();
            while (end < n && batch.size() < DEFAULT_MAX_BATCH
                    && (batch.isEmpty() || (long) (batch.size() + 1) * seqs.get(order[end]).length() <= DEFAULT_BATCH_TOKENS)) {
                batch.add(seqs.get(order[end++]));
            }
            TokenBatch tb = TokenBatch.of(batch);
            float[][] pooled = meanPool(encoder.forward(tb), tb);
            for (int i = start; i < end; i++) out[order[i]] = pooled[i - start];
            start = end;
        }
        return out;
    }

    /** Attention-masked mean over tokens, then L2 normalisation (an all-padding row stays zero). */
    public static float[][] meanPool(Matrix hidden, TokenBatch batch) {
        int d = hidden.cols(), len = batch.seqLen();
        float[] h = hidden.data();
        float[][] out = new float[batch.batchSize()][d];
        for (int b = 0; b < batch.batchSize(); b++) {
            double[] acc = new double[d];
            int count = 0;
            for (int t = 0; t < len; t++) {
                if (!batch.isReal(b, t)) continue;
                count++;
                int o = (b * len + t) * d;
                for (int j = 0; j < d; j++) acc[j] += h[o + j];
            }
            double norm = 0;
            for (int j = 0; j < d; j++) { acc[j] /= Math.max(count, 1); norm += acc[j] * acc[j]; }
            norm = Math.sqrt(norm);
            // sentence-transformers' Normalize divides by max(norm, 1e-12).
            double inv = 1.0 / Math.max(norm, 1e-12);
            for (int j = 0; j < d; j++) out[b][j] = (float) (acc[j] * inv);
        }
        return out;
    }

    /** Cosine similarity in float64. */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("vectors differ in length: " + a.length + " vs " + b.length);
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) { dot += (double) a[i] * b[i]; na += (double) a[i] * a[i]; nb += (double) b[i] * b[i]; }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
