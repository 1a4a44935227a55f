package org.nxm.model.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nxm.model.tensor.Matrix;

/** Laws of the reference forward on small random models: hook coverage, padding invariance, causality. */
class EncoderTest {
    static final TransformerConfig TINY = new TransformerConfig("tiny", 2, 32, 4, 64, 100, 16, 2, 1e-12f, false);
    static final TransformerConfig TINY_CAUSAL = new TransformerConfig("tiny-causal", 2, 32, 4, 64, 100, 16, 2, 1e-12f, true);

    @Test
    void hookSeesEveryLinearInputInForwardOrder() {
        Encoder enc = new Encoder(TransformerWeights.random(TINY, 1));
        TokenBatch b = TokenBatch.of(TokenBatch.Sequence.of(1, 5, 7, 2), TokenBatch.Sequence.of(1, 9, 2));
        List<String> seen = new ArrayList<>();
        enc.forward(b, (spec, x, batch) -> {
            seen.add(spec.name());
            assertEquals(batch.rows(), x.rows());
            assertEquals(spec.in(), x.cols());
        });
        List<String> expected = new ArrayList<>();
        for (LinearSpec s : TINY.linears()) expected.add(s.name());
        assertEquals(expected, seen);
        assertEquals(2 * 4, b.rows());
        assertEquals(7, b.realTokens());
    }

    @Test
    void paddingDoesNotChangeRealTokens() {
        Encoder enc = new Encoder(TransformerWeights.random(TINY, 2));
        TokenBatch.Sequence s = TokenBatch.Sequence.of(1, 11, 12, 13, 2);
        Matrix alone = enc.forward(TokenBatch.of(s));
        TokenBatch padded = TokenBatch.of(TokenBatch.Sequence.of(1, 3, 4, 5, 6, 7, 8, 9, 2), s);
        Matrix inBatch = enc.forward(padded);
        for (int t = 0; t < s.length(); t++) {
            for (int j = 0; j < TINY.hidden(); j++) {
                assertEquals(alone.get(t, j), inBatch.get(padded.seqLen() + t, j), 1e-5);
            }
        }
    }

    @Test
    void causalMaskHidesLaterTokens() {
        Encoder enc = new Encoder(TransformerWeights.random(TINY_CAUSAL, 3));
        Matrix a = enc.forward(TokenBatch.of(TokenBatch.Sequence.of(1, 20, 21, 22)));
        Matrix b = enc.forward(TokenBatch.of(TokenBatch.Sequence.of(1, 20, 50, 60)));
        for (int j = 0; j < TINY.hidden(); j++) {
            assertEquals(a.get(0, j), b.get(0, j), 1e-6);
            assertEquals(a.get(1, j), b.get(1, j), 1e-6);
        }
        boolean differs = false;
        for (int j = 0; j < TINY.hidden(); j++) differs |= Math.abs(a.get(2, j) - b.get(2, j)) > 1e-4;
        assertTrue(differs);
    }

    @Test
    void layerByLayerEqualsForward() {
        Encoder enc = new Encoder(TransformerWeights.random(TINY, 4));
        TokenBatch b = TokenBatch.of(TokenBatch.Sequence.of(1, 5, 6, 2));
        Matrix h = enc.embed(b);
        for (int i = 0; i < TINY.layers(); i++) h = enc.layer(i, h, b, LinearInputHook.NONE);
        Matrix f = enc.forward(b);
        for (int i = 0; i < h.data().length; i++) assertEquals(f.data()[i], h.data()[i], 0f);
    }

    @Test
    void sentenceEmbeddingIsUnitLengthMaskedMean() {
        Matrix h = new Matrix(4, 2, new float[] {3, 4, 1, 0, 100, 100, 0, 0});
        TokenBatch b = new TokenBatch(2, 2, new int[4], new int[] {1, 1, 0, 0}, new int[4]);
        float[][] e = SentenceEmbedder.meanPool(h, b);
        // mean of (3,4) and (1,0) = (2,2) → (0.7071, 0.7071); the padded (100,100) is ignored.
        assertEquals(Math.sqrt(0.5), e[0][0], 1e-6);
        assertEquals(Math.sqrt(0.5), e[0][1], 1e-6);
        assertEquals(0f, e[1][0]);
    }
}
