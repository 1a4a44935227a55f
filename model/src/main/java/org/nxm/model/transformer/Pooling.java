package org.nxm.model.transformer;

import java.util.Locale;
import org.nxm.model.io.InputException;
import org.nxm.model.tensor.Matrix;

/**
 * How a sentence embedding is made from the last hidden state, as sentence-transformers' Pooling (and
 * optional Normalize) modules say: the attention-masked mean over real tokens (all-MiniLM-L6-v2, E5) or
 * the {@code [CLS]} token's state (BGE), then L2 normalisation (÷ max(norm, 1e-12)) or none.
 */
public record Pooling(Mode mode, boolean normalize) {
    public enum Mode { MEAN, CLS }

    public static final Pooling MEAN_NORMALIZED = new Pooling(Mode.MEAN, true);
    public static final Pooling CLS_NORMALIZED = new Pooling(Mode.CLS, true);

    /** The CLI spellings: {@code mean}, {@code cls} (normalised), {@code mean-raw}, {@code cls-raw} (not normalised). */
    public static Pooling parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "mean" -> MEAN_NORMALIZED;
            case "cls" -> CLS_NORMALIZED;
            case "mean-raw" -> new Pooling(Mode.MEAN, false);
            case "cls-raw" -> new Pooling(Mode.CLS, false);
            default -> throw new InputException("--pooling '" + text + "': expected mean, cls, mean-raw or cls-raw");
        };
    }

    /** The spelling {@link #parse} reads. */
    public String label() {
        return mode.name().toLowerCase(Locale.ROOT) + (normalize ? "" : "-raw");
    }

    /** One embedding per sequence of {@code batch} from {@code hidden} {@code [batch·seqLen, d]}. */
    public float[][] pool(Matrix hidden, TokenBatch batch) {
        int d = hidden.cols(), len = batch.seqLen();
        float[] h = hidden.data();
        float[][] out = new float[batch.batchSize()][d];
        for (int b = 0; b < batch.batchSize(); b++) {
            double[] acc = new double[d];
            if (mode == Mode.CLS) {
                int o = b * len * d;
                for (int j = 0; j < d; j++) acc[j] = h[o + j];
            } else {
                int count = 0;
                for (int t = 0; t < len; t++) {
                    if (!batch.isReal(b, t)) continue;
                    count++;
                    int o = (b * len + t) * d;
                    for (int j = 0; j < d; j++) acc[j] += h[o + j];
                }
                for (int j = 0; j < d; j++) acc[j] /= Math.max(count, 1);
            }
            double inv = 1;
            if (normalize) {
                double norm = 0;
                for (int j = 0; j < d; j++) norm += acc[j] * acc[j];
                // sentence-transformers' Normalize divides by max(norm, 1e-12).
                inv = 1.0 / Math.max(Math.sqrt(norm), 1e-12);
            }
            for (int j = 0; j < d; j++) out[b][j] = (float) (acc[j] * inv);
        }
        return out;
    }
}
