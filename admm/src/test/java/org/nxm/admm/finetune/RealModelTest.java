package org.nxm.admm.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
    void taskFilesLoadCompleteAndTheHeldOutPartIsDisjointAndSeeded() {
        GlueTask.Data rte = GlueTask.RTE.load(null, MINI.tokenizer(), null, 0, null);
        assertEquals(2490, rte.train().size());
        assertEquals(277, rte.eval().size());
        assertTrue(rte.heldout().isEmpty());
        assertTrue(rte.train().stream().anyMatch(e -> java.util.Arrays.stream(e.typeIds()).anyMatch(t -> t == 1)), "pairs carry segment ids");
        assertTrue(rte.train().stream().allMatch(e -> e.ids().length <= 128), "truncated to 128 tokens");
        GlueTask.Data a = GlueTask.MRPC.load(null, MINI.tokenizer(), null, 0.1, null);
        GlueTask.Data b = GlueTask.MRPC.load(null, MINI.tokenizer(), null, 0.1, null);
        assertEquals(367, a.heldout().size());
        assertEquals(3667, a.heldout().size() + a.train().size(), "train.tsv: 3,667 pairs under its header");
        assertEquals(408, a.eval().size());
        Set<String> train = new HashSet<>();
        for (Example e : a.train()) train.add(java.util.Arrays.toString(e.ids()) + e.label());
        int overlap = 0;
        for (Example e : a.heldout()) if (train.contains(java.util.Arrays.toString(e.ids()) + e.label())) overlap++;
        assertTrue(overlap <= 2, "held-out rows are not training rows (MRPC has a few duplicate pairs): " + overlap);
        for (int i = 0; i < a.heldout().size(); i++) assertArrayEquals(a.heldout().get(i).ids(), b.heldout().get(i).ids());
        GlueTask.Data cola = GlueTask.COLA.load(null, MINI.tokenizer(), 500, 0, null);
        assertEquals(500, cola.train().size());
        assertEquals(1043, cola.eval().size(), "CoLA has no header: every line is an example");
        GlueTask.Data sts = GlueTask.STSB.load(null, MINI.tokenizer(), 50, 0, null);
        assertTrue(sts.eval().stream().allMatch(e -> e.isRegression() && e.target() >= 0 && e.target() <= 5));
        assertEquals(1500, sts.eval().size());
    }

    @Test
    void sst2SubsetIsTheRequestedSizeAndDevIsComplete() {
        GlueTask.Data d = GlueTask.SST2.load(null, MINI.tokenizer(), 100, 0, null);
        assertEquals(100, d.train().size());
        assertEquals(872, d.eval().size());
        assertEquals(GlueTask.SST2_DEFAULT_TRAIN, GlueTask.SST2.load(null, MINI.tokenizer(), null, 0, null).train().size());
    }
}
