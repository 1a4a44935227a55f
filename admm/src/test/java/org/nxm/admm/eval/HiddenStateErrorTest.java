package org.nxm.admm.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nxm.admm.calibration.PrunedModel;
import org.nxm.admm.calibration.SequentialPruner;
import org.nxm.admm.pruning.MagnitudePruner;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;
import org.nxm.model.transformer.Encoder;
import org.nxm.model.transformer.MiniLm;
import org.nxm.model.transformer.TokenBatch;

class HiddenStateErrorTest {
    static final List<String> SENTENCES = List.of("A man is playing a guitar.", "Short.",
            "The quick brown fox jumps over the lazy dog near the river bank.", "Two dogs run.");

    @Test
    void isZeroForTheDenseModelAndMatchesOneSentenceAtATimeWithoutPadding() {
        MiniLm lm = MiniLm.load();
        assertEquals(0.0, HiddenStateError.relative(lm.encoder(), lm.encoder(), lm.tokenizer(), SENTENCES));
        PrunedModel pm = new SequentialPruner(new MagnitudePruner(), NmPattern.TWO_FOUR).prune(lm.weights(), List.of(), r -> { });
        Encoder pruned = new Encoder(pm.weights());
        double batched = HiddenStateError.relative(pruned, lm.encoder(), lm.tokenizer(), SENTENCES);
        // Reference: each sentence alone (no padding rows at all), float64 sums.
        double num = 0, den = 0;
        for (String s : SENTENCES) {
            TokenBatch b = TokenBatch.of(lm.tokenizer().encode(s));
            Matrix p = pruned.forward(b), d = lm.encoder().forward(b);
            for (int i = 0; i < d.data().length; i++) {
                double diff = (double) p.data()[i] - d.data()[i];
                num += diff * diff;
                den += (double) d.data()[i] * d.data()[i];
            }
        }
        double reference = num / den;
        assertTrue(reference > 0.1, "magnitude 2:4 moves the hidden states: " + reference);
        assertEquals(reference, batched, 1e-4 * reference);
    }
}
