package org.nxm.admm.comparison;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.admm.calibration.SequentialPruner;
import org.nxm.admm.eval.HiddenStateError;
import org.nxm.admm.eval.TaskEvaluator;
import org.nxm.admm.pruning.MagnitudePruner;
import org.nxm.admm.pruning.WandaPruner;
import org.nxm.model.data.DataDir;
import org.nxm.model.data.GlueTsv;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.Encoder;
import org.nxm.model.transformer.EncoderModel;
import org.nxm.model.transformer.MiniLm;

/** The comparison experiment on the real model, a few real STS-B pairs and 8 calibration sentences. */
class MethodComparisonTest {
    @Test
    void denseRowFirstThenOneRowPerMethodWithItsHeldOutErrorAndSavedWeights(@TempDir Path dir) throws Exception {
        EncoderModel lm = MiniLm.load().asModel();
        List<GlueTsv.SentencePair> pairs = GlueTsv.stsb(DataDir.file(null, "glue/sts-b/dev.tsv")).subList(0, 24);
        TaskEvaluator.Data tasks = new TaskEvaluator.Data(pairs, null, null, null);
        List<String> train = new ArrayList<>();
        for (GlueTsv.SentencePair p : GlueTsv.stsb(DataDir.file(null, "glue/sts-b/train.tsv")).subList(0, 10)) {
            train.add(p.first());
            train.add(p.second());
        }
        List<String> calibration = train.subList(0, 8), heldout = train.subList(8, 20);
        List<String> progress = new ArrayList<>();
        List<ComparisonRow> rows = new MethodComparison(lm, NmPattern.TWO_FOUR)
                .run(List.of(new MagnitudePruner(), new WandaPruner()), calibration, heldout, tasks, dir, progress::add);

        assertEquals(List.of("dense", "magnitude", "wanda"), rows.stream().map(ComparisonRow::method).toList());
        assertNull(rows.get(0).heldoutHiddenError());
        assertEquals("dense", progress.get(0));
        assertEquals("magnitude 2:4 ...", progress.get(1));
        assertTrue(progress.get(2).startsWith("magnitude pruned in ") && progress.get(2).endsWith(" s, evaluating"), progress.toString());
        for (ComparisonRow r : rows.subList(1, 3)) {
            assertEquals(0, r.nmViolations(), r.method());
            assertTrue(r.eval().meanCosineToDense() < 1.0 && r.eval().meanCosineToDense() > 0.3, r.toString());
            assertTrue(Files.size(dir.resolve(r.method() + ".safetensors")) > 0);
        }
        // Magnitude needs no calibration: its held-out error is the one measured directly on the magnitude projection.
        var magnitude = new SequentialPruner(new MagnitudePruner(), NmPattern.TWO_FOUR)
                .prune(lm.weights(), SequentialPruner.batches(lm.tokenizer(), calibration), r -> { });
        assertEquals(HiddenStateError.relative(new Encoder(magnitude.weights()), lm.encoder(), lm.tokenizer(), heldout),
                rows.get(1).heldoutHiddenError(), 0.0);
        assertTrue(rows.get(2).heldoutHiddenError() < rows.get(1).heldoutHiddenError(), rows.toString());
    }

    @Test
    void aPatternThatDoesNotDivideTheInputsIsRefusedBeforeAnyWork() {
        EncoderModel lm = MiniLm.load().asModel();
        NmPattern twoOfFive = new NmPattern(2, 5); // 384 inputs are not a multiple of 5
        RuntimeException e = assertThrows(RuntimeException.class, () -> new MethodComparison(lm, twoOfFive));
        assertTrue(e.getMessage().contains("384"), e.getMessage());
    }
}
