package org.nxm.admm.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.admm.eval.Similarity;
import org.nxm.admm.io.PrunedWeightsFile;
import org.nxm.admm.pruning.AdmmPruner;
import org.nxm.admm.pruning.MagnitudePruner;
import org.nxm.admm.pruning.Pruner;
import org.nxm.admm.pruning.SparseGptPruner;
import org.nxm.admm.pruning.WandaPruner;
import org.nxm.model.data.DataDir;
import org.nxm.model.io.InputException;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;
import org.nxm.model.transformer.Encoder;
import org.nxm.model.transformer.LinearSpec;
import org.nxm.model.transformer.SentenceEmbedder;
import org.nxm.model.transformer.TokenBatch;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.model.transformer.TransformerWeights;

class SequentialPrunerTest {
    static final TransformerConfig TINY = new TransformerConfig("tiny", 2, 32, 4, 64, 50, 64, 2, 1e-12f, false);

    static List<TokenBatch> batches(Random rnd, int count) {
        List<TokenBatch.Sequence> seqs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] ids = new int[3 + rnd.nextInt(10)];
            for (int t = 0; t < ids.length; t++) ids[t] = 1 + rnd.nextInt(TINY.vocabSize() - 1);
            seqs.add(TokenBatch.Sequence.of(ids));
        }
        List<TokenBatch> out = new ArrayList<>();
        for (int i = 0; i < seqs.size(); i += 16) out.add(TokenBatch.of(seqs.subList(i, Math.min(seqs.size(), i + 16))));
        return out;
    }

    static double meanCosine(TransformerWeights a, TransformerWeights b, List<TokenBatch> batches) {
        double s = 0;
        int n = 0;
        for (TokenBatch tb : batches) {
            float[][] ea = SentenceEmbedder.meanPool(new Encoder(a).forward(tb), tb);
            float[][] eb = SentenceEmbedder.meanPool(new Encoder(b).forward(tb), tb);
            for (int i = 0; i < ea.length; i++, n++) s += Similarity.cosine(ea[i], eb[i]);
        }
        return s / n;
    }

    @Test
    void everyMethodPrunesEveryLinearToTheOrderedPattern() {
        Random rnd = new Random(1);
        TransformerWeights dense = TransformerWeights.random(TINY, 7);
        List<TokenBatch> calib = batches(rnd, 48);
        List<TokenBatch> held = batches(rnd, 32);
        double magnitude = 0, admm = 0;
        for (NmPattern p : List.of(new NmPattern(2, 4), new NmPattern(1, 4), new NmPattern(2, 8), new NmPattern(4, 8))) {
            for (Pruner pr : List.of(new MagnitudePruner(), new WandaPruner(), new SparseGptPruner(), new AdmmPruner())) {
                List<String> seen = new ArrayList<>();
                PrunedModel pm = new SequentialPruner(pr, p).prune(dense, calib, r -> seen.add(r.name()));
                assertEquals(4 * TINY.layers(), seen.size(), "one report per Linear group");
                assertTrue(seen.get(0).contains("layer.0") && seen.get(seen.size() - 1).contains("layer.1.output.dense"), seen.toString());
                for (LinearSpec s : TINY.linears()) {
                    Matrix w = pm.weights().linearWeight(s);
                    assertEquals(0, p.violations(w.data(), w.rows(), w.cols()), s.name() + " " + pr.name() + " " + p);
                    int nz = 0;
                    for (float v : w.data()) if (v != 0f) nz++;
                    assertTrue(nz <= w.rows() * w.cols() / p.m() * p.n());
                }
                if (p.equals(NmPattern.TWO_FOUR) && pr instanceof MagnitudePruner) magnitude = meanCosine(dense, pm.weights(), held);
                if (p.equals(NmPattern.TWO_FOUR) && pr instanceof AdmmPruner) admm = meanCosine(dense, pm.weights(), held);
            }
        }
        // On held-out sequences the calibrated method must stay closer to the dense model.
        assertTrue(admm > magnitude, "admm cosine " + admm + " vs magnitude " + magnitude);
        // The dense weights are untouched.
        assertEquals(TransformerWeights.random(TINY, 7).linearWeight(TINY.linears().get(0)).data()[0],
                dense.linearWeight(TINY.linears().get(0)).data()[0]);
    }

    @Test
    void everyCalibrationTargetKeepsALosslessPatternDenseAndGivesNmAt2of4() {
        Random rnd = new Random(3);
        TransformerWeights dense = TransformerWeights.random(TINY, 9);
        List<TokenBatch> calib = batches(rnd, 48);
        for (CalibrationTarget t : CalibrationTarget.values()) {
            // 4:4 keeps every weight, so nothing upstream changes: under DENSE_OUTPUTS the corrected target
            // (Ĥ + λD)⁻¹(C + λD)W₀ with C = Ĥ must be W₀ itself, and SparseGPT then changes nothing.
            PrunedModel keepAll = new SequentialPruner(new SparseGptPruner(), new NmPattern(4, 4), t).prune(dense, calib, r -> { });
            for (LinearSpec s : TINY.linears()) {
                float[] a = dense.linearWeight(s).data(), b = keepAll.weights().linearWeight(s).data();
                for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 2e-4 * (1 + Math.abs(a[i])), t + " " + s.name() + "[" + i + "]");
            }
            PrunedModel pm = new SequentialPruner(new AdmmPruner(), NmPattern.TWO_FOUR, t).prune(dense, calib, r -> { });
            for (LinearSpec s : TINY.linears()) {
                Matrix w = pm.weights().linearWeight(s);
                assertEquals(0, NmPattern.TWO_FOUR.violations(w.data(), w.rows(), w.cols()), t + " " + s.name());
            }
        }
    }

    @Test
    void patternThatDoesNotDivideTheInputIsRejectedUpFront() {
        InputException e = assertThrows(InputException.class, () -> SequentialPruner.requireFits(TINY, new NmPattern(3, 5)));
        assertTrue(e.getMessage().contains("not divisible"), e.getMessage());
    }

    @Test
    void savedWeightsRoundTripThroughSafetensors(@TempDir Path dir) {
        Random rnd = new Random(2);
        TransformerWeights dense = TransformerWeights.random(TINY, 3);
        PrunedModel pm = new SequentialPruner(new WandaPruner(), NmPattern.TWO_FOUR).prune(dense, batches(rnd, 16), r -> { });
        Path f = dir.resolve("w.safetensors");
        PrunedWeightsFile.save(f, pm, 16);
        assertEquals("2:4", PrunedWeightsFile.metadata(f).get(PrunedWeightsFile.PATTERN));
        assertEquals("wanda", PrunedWeightsFile.metadata(f).get(PrunedWeightsFile.METHOD));
        TransformerWeights back = PrunedWeightsFile.overlay(dense, f);
        for (LinearSpec s : TINY.linears()) {
            assertTrue(java.util.Arrays.equals(pm.weights().linearWeight(s).data(), back.linearWeight(s).data()), s.name());
        }
        assertThrows(InputException.class, () -> PrunedWeightsFile.overlay(TransformerWeights.random(TransformerConfig.preset("minilm-l6"), 1), f));
    }

    @Test
    void calibrationComesFromTheStsbTrainSplitAndBadFilesAreOneLine(@TempDir Path dir) throws Exception {
        Path train = DataDir.file(null, "glue/sts-b/train.tsv");
        List<String> s = CalibrationSentences.fromStsb(train, 5);
        assertEquals(CalibrationSentences.split(train).pool().subList(0, 5), s);
        List<String> lines = Files.readAllLines(train);

        Path empty = Files.writeString(dir.resolve("empty.tsv"), "");
        Path header = Files.writeString(dir.resolve("header.tsv"), lines.get(0) + "\n");
        Path bad = Files.writeString(dir.resolve("bad.tsv"), lines.get(0) + "\nonly\tthree\tfields\n");
        for (Path p : List.of(empty, header, bad, dir.resolve("missing.tsv"))) {
            InputException e = assertThrows(InputException.class, () -> CalibrationSentences.fromStsb(p, 4));
            assertTrue(e.getMessage().startsWith(p.toString()) && !e.getMessage().contains("\n"), e.getMessage());
        }
        assertTrue(assertThrows(InputException.class, () -> CalibrationSentences.fromStsb(train, 1_000_000)).getMessage().contains("fewer"));
    }
}
