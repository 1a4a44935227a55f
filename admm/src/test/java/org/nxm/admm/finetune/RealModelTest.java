package org.nxm.admm.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nxm.admm.finetune.model.TrainableEncoder;
import org.nxm.admm.finetune.nn.PackedSequences;
import org.nxm.admm.finetune.task.GlueTask;
import org.nxm.admm.finetune.train.Example;
import org.nxm.model.tensor.Matrix;
import org.nxm.model.transformer.MiniLm;
import org.nxm.model.transformer.SentenceEmbedder;
import org.nxm.model.transformer.TokenBatch;

/** The trainable encoder on the real all-MiniLM-L6-v2 and the real GLUE files. */
class RealModelTest {
    private static final MiniLm MINI = MiniLm.load();

    @Test
    void packedForwardMatchesTheModelModulesPaddedEncoderOnRealMiniLm() {
        List<String> texts = List.of("a gripping, funny and deeply moving film .", "it 's a mess .",
                "The quick brown fox jumps over the lazy dog near the river bank on a sunny afternoon.");
        TokenBatch padded = MINI.tokenizer().batch(texts);
        float[][] expected = SentenceEmbedder.meanPool(MINI.encoder().forward(padded), padded);
        int[][] ids = new int[texts.size()][];
        int[][] types = new int[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
            TokenBatch.Sequence s = MINI.tokenizer().encode(texts.get(i));
            ids[i] = s.ids();
            types[i] = s.typeIds();
        }
        Matrix pooled = new TrainableEncoder(FineTuning.params(MINI.weights())).forward(PackedSequences.of(ids, types)).pooled();
        for (int i = 0; i < texts.size(); i++) {
            double norm = 0;
            for (int j = 0; j < pooled.cols(); j++) norm += pooled.get(i, j) * pooled.get(i, j);
            norm = Math.sqrt(norm); // the model module's sentence embedding is L2-normalised; the head sees the raw mean
            for (int j = 0; j < pooled.cols(); j++) {
                assertEquals(expected[i][j], pooled.get(i, j) / norm, 1e-5, "sentence " + i + " dim " + j);
            }
        }
    }

    @Test
    void mrpcSplitIsDisjointSeededAndComplete() {
        GlueTask.Data a = GlueTask.MRPC.load(null, MINI.tokenizer(), 0);
        GlueTask.Data b = GlueTask.MRPC.load(null, MINI.tokenizer(), 0);
        assertEquals(272, a.train().size());
        assertEquals(136, a.eval().size());
        Set<String> train = new HashSet<>();
        for (Example e : a.train()) train.add(java.util.Arrays.toString(e.ids()));
        int overlap = 0;
        for (Example e : a.eval()) if (train.contains(java.util.Arrays.toString(e.ids()))) overlap++;
        assertEquals(0, overlap);
        for (int i = 0; i < a.eval().size(); i++) assertEquals(java.util.Arrays.toString(a.eval().get(i).ids()), java.util.Arrays.toString(b.eval().get(i).ids()));
        assertTrue(a.train().stream().anyMatch(e -> java.util.Arrays.stream(e.typeIds()).anyMatch(t -> t == 1)), "pairs carry segment ids");
    }

    @Test
    void sst2SubsetIsTheRequestedSizeAndDevIsComplete() {
        GlueTask.Data d = GlueTask.SST2.load(null, MINI.tokenizer(), 100);
        assertEquals(100, d.train().size());
        assertEquals(872, d.eval().size());
    }
}
