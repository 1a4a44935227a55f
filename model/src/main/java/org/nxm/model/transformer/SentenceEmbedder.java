package org.nxm.model.transformer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.nxm.model.tensor.Matrix;
import org.nxm.model.tokenizer.WordPieceTokenizer;

/**
 * Sentence embeddings as sentence-transformers computes them: tokenize, run the encoder, pool the last
 * hidden state as the model's {@link Pooling} says (all-MiniLM-L6-v2: masked mean, L2-normalised; BGE: [CLS]). Sentences
 * are sorted by token count and batched so a batch carries little padding; results come back in input
 * order. The encoder's kernels use both cores, so batches run one after another.
 */
public final class SentenceEmbedder {
    /** Padded tokens per batch: large enough for efficient GEMMs, small enough to stay in cache-sized chunks. */
    public static final int DEFAULT_BATCH_TOKENS = 2048;
    public static final int DEFAULT_MAX_BATCH = 64;

    private final Encoder encoder;
    private final WordPieceTokenizer tokenizer;
    private final Pooling pooling;

    /** Masked mean pooling, L2-normalised (all-MiniLM-L6-v2's). */
    public SentenceEmbedder(Encoder encoder, WordPieceTokenizer tokenizer) {
        this(encoder, tokenizer, Pooling.MEAN_NORMALIZED);
    }

    public SentenceEmbedder(Encoder encoder, WordPieceTokenizer tokenizer, Pooling pooling) {
        this.encoder = encoder;
        this.tokenizer = tokenizer;
        this.pooling = pooling;
    }

    public Pooling pooling() { return pooling; }

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
            float[][] pooled = pooling.pool(encoder.forward(tb), tb);
            for (int i = start; i < end; i++) out[order[i]] = pooled[i - start];
            start = end;
        }
        return out;
    }

    /** Attention-masked mean over tokens, then L2 normalisation (an all-padding row stays zero). */
    public static float[][] meanPool(Matrix hidden, TokenBatch batch) {
        return Pooling.MEAN_NORMALIZED.pool(hidden, batch);
    }

    /** Cosine similarity in float64. */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("vectors differ in length: " + a.length + " vs " + b.length);
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) { dot += (double) a[i] * b[i]; na += (double) a[i] * a[i]; nb += (double) b[i] * b[i]; }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
