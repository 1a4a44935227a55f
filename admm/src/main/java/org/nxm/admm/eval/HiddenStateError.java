package org.nxm.admm.eval;

import java.util.List;
import org.nxm.model.tokenizer.WordPieceTokenizer;
import org.nxm.model.transformer.Encoder;
import org.nxm.model.transformer.TokenBatch;
import org.nxm.admm.calibration.SequentialPruner;

/**
 * How far a pruned encoder's final hidden states are from the dense encoder's on a set of sentences:
 * ‖H_pruned − H_dense‖_F / ‖H_dense‖_F over every real token (padding rows excluded) of the last layer.
 * On held-out sentences that calibration never saw, this ranks pruners where STS-B Spearman saturates;
 * on the calibration sentences themselves it shows how much of a pruner's fit is memorised.
 */
public final class HiddenStateError {
    private HiddenStateError() {}

    /** The relative error over the sentences (tokenised and batched as calibration is). */
    public static double relative(Encoder pruned, Encoder dense, WordPieceTokenizer tokenizer, List<String> sentences) {
        if (sentences.isEmpty()) throw new IllegalArgumentException("no sentences");
        double num = 0, den = 0;
        for (TokenBatch b : SequentialPruner.batches(tokenizer, sentences)) {
            float[] p = b.realRows(pruned.forward(b)).data();
            float[] d = b.realRows(dense.forward(b)).data();
            for (int i = 0; i < d.length; i++) {
                double diff = (double) p[i] - d[i];
                num += diff * diff;
                den += (double) d[i] * d[i];
            }
        }
        return den > 0 ? Math.sqrt(num / den) : 0.0;
    }
}
