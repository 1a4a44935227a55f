package org.nxm.cli.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.admm.finetune.sparse.NmMasks;
import org.nxm.cli.CliRun;
import org.nxm.model.io.safetensors.SafetensorsFile;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;

/** The commands on the real model and real MRPC data, with a budget of a few steps. */
class FinetuneCommandTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void admmRunSavesTwoFourWeightsWithMetadataAndAHead() {
        Path out = dir.resolve("w.safetensors");
        CliRun r = run("finetune", "--task", "mrpc", "--method", "admm", "--train-examples", "24", "--steps", "3",
                "--batch-size", "8", "--admm-interval", "1", "--seed", "3", "--out", out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("primal"), r.err());
        assertTrue(r.err().contains("hard prune"), r.err());
        assertTrue(r.out().contains("\"accuracy\""), r.out());
        SafetensorsFile f = SafetensorsFile.open(out);
        assertEquals("2:4", f.metadata().get("nxm.pattern"));
        assertEquals("admm", f.metadata().get("nxm.finetune.method"));
        assertFalse(f.contains("classifier.weight"));
        int checked = 0;
        for (String name : f.names()) {
            if (!name.startsWith("encoder.layer.") || !name.endsWith("dense.weight") && !name.contains(".self.") || !name.endsWith(".weight")) continue;
            Matrix w = f.matrix(name);
            assertTrue(NmMasks.satisfies(w, NmPattern.TWO_FOUR), name);
            checked++;
        }
        assertEquals(36, checked);
        assertEquals(5 + 6 * 16, f.names().size(), "exactly the encoder tensors");
        assertTrue(Files.exists(dir.resolve("w.head.safetensors")));
    }

    @Test
    void admmOptionDefaultsAreTheLibraryDefaults() {
        // The rationale for the ADMM defaults lives in AdmmTraining.Settings.defaults(); the options must agree.
        FinetuneCommand c = new FinetuneCommand();
        new picocli.CommandLine(c).parseArgs("--task", "sst2", "--out", "x.safetensors");
        assertEquals(org.nxm.admm.finetune.sparse.AdmmTraining.Settings.defaults(), c.training.options(2000, 1).admm());
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        Path out = dir.resolve("x.safetensors");
        for (String[] args : new String[][] {
                {"finetune", "--task", "cola", "--out", out.toString()},
                {"finetune", "--task", "sst2", "--method", "magic", "--out", out.toString()},
                {"finetune", "--task", "sst2", "--pattern", "5:4", "--out", out.toString()},
                {"finetune", "--task", "sst2", "--steps", "5", "--epochs", "1", "--out", out.toString()},
                {"finetune", "--task", "sst2", "--admm-fraction", "1.5", "--out", out.toString()},
                {"finetune", "--task", "sst2", "--admm-kept", "both", "--out", out.toString()},
                {"finetune", "--task", "sst2", "--admm-metric", "hessian", "--out", out.toString()},
                {"finetune", "--task", "sst2", "--data-dir", dir.resolve("nowhere").toString(), "--steps", "1", "--out", out.toString()},
                {"finetune-compare", "--task", "sst2", "--methods", "dense,bogus"}}) {
            CliRun r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().filter(l -> l.startsWith("nxm ")).count(), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        assertFalse(Files.exists(out));
    }
}
