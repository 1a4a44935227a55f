package org.nxm.admm.eval;

import java.util.List;
import org.nxm.model.tokenizer.WordPieceTokenizer;
import org.nxm.model.transformer.Encoder;
import org.nxm.model.transformer.TokenBatch;
import org.nxm.admm.calibration.SequentialPruner;

/**
 * How far a pruned encoder's final hidden states are from the dense encoder's on a set of sentences:
 * ‖H_pruned − H_dense‖²_F / ‖H_dense‖²_F over every real token (padding rows excluded) of the last layer.
 * Squared, like the per-layer reconstruction errors ({@code err_final}) and like the reference figures of
 * issue 16 (magnitude 0.670, Wanda 0.428 at 2:4 — this project measures 0.676 and 0.440 squared, 0.822
 * and 0.664 as a plain norm ratio); its square root is the norm ratio.
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
        return den > 0 ? num / den : 0.0;
    }
}
