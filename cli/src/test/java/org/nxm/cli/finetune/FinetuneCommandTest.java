package org.nxm.cli.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
                {"finetune", "--task", "qnli", "--out", out.toString()},
                {"finetune", "--out", out.toString()},
                {"finetune", "--task", "rte", "--layers", "attention", "--out", out.toString()},
                {"finetune", "--task", "rte", "--holdout", "1", "--out", out.toString()},
                {"finetune", "--task", "rte", "--method", "lwadmm", "--out", out.toString()},
                {"finetune", "--task", "rte", "--method", "lwsparsegpt", "--out", out.toString()},
                {"finetune-compare", "--tasks", "rte,qnli"},
                {"finetune-compare", "--tasks", "rte", "--table-only"},
                {"finetune-compare", "--tasks", "rte", "--methods", "lwadmm", "--journal", dir.toString(), "--table-only"},
                {"finetune-compare", "--tasks", "rte", "--methods", "lwwanda", "--journal", dir.toString(), "--table-only"},
                {"finetune-compare", "--tasks", "rte", "--methods", "lwadmm", "--journal", dir.toString(), "--table-only",
                        "--layerwise-init", dir.resolve("missing.safetensors").toString()},
                {"finetune", "--task", "sst2", "--method", "magic", "--out", out.toString()},
                {"finetune", "--task", "sst2", "--pattern", "5:4", "--out", out.toString()},
                {"finetune", "--task", "sst2", "--steps", "5", "--epochs", "1", "--out", out.toString()},
                {"finetune", "--task", "sst2", "--admm-fraction", "1.5", "--out", out.toString()},
                {"finetune", "--task", "sst2", "--admm-kept", "both", "--out", out.toString()},
                {"finetune", "--task", "sst2", "--admm-metric", "hessian", "--out", out.toString()},
                {"finetune", "--task", "sst2", "--data-dir", dir.resolve("nowhere").toString(), "--steps", "1", "--out", out.toString()},
                {"finetune-compare", "--task", "sst2", "--methods", "dense,bogus"},
                {"finetune-compare", "--tasks", "rte", "--epochs-for", "mrpc=10"},
                {"finetune-compare", "--tasks", "rte", "--epochs-for", "rte=0"},
                {"finetune-compare", "--tasks", "rte", "--steps", "5", "--epochs-for", "rte=2"}}) {
            CliRun r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().filter(l -> l.startsWith("nxm ")).count(), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        assertFalse(Files.exists(out));
    }

    /** A copy of the data directory's GLUE task with one file replaced by {@code content}. */
    private Path dataWith(String task, String file, String content) throws Exception {
        Path data = dir.resolve("data-" + task + "-" + file.hashCode() + "-" + content.hashCode());
        Path src = org.nxm.model.data.DataDir.resolve(null).resolve("glue").resolve(task);
        Path dst = data.resolve("glue").resolve(task);
        Files.createDirectories(dst);
        for (String f : new String[] {"train.tsv", "dev.tsv"}) Files.copy(src.resolve(f), dst.resolve(f));
        Files.writeString(dst.resolve(file), content);
        return data;
    }

    @Test
    void badTaskFilesAreOneLineNamingFileAndLine() throws Exception {
        Path out = dir.resolve("bad.safetensors");
        String[][] cases = {
                // task, file, content, expected fragment
                {"rte", "train.tsv", "index\tsentence1\tsentence2\tlabel\n0\tA man.\tA person.\tentailment\n1\tOnly two\tfields\n", "train.tsv:3: expected 4 tab-separated fields, found 3"},
                {"rte", "train.tsv", "index\tsentence1\tsentence2\tlabel\n0\tA man.\tA person.\tmaybe\n", "train.tsv:2: field 4 (label): expected entailment or not_entailment"},
                {"cola", "dev.tsv", "gj04\t1\t\tFine.\ngj04\t2\t*\tBad label.\n", "dev.tsv:2: field 2 (label): expected 0 or 1"},
                {"mrpc", "train.tsv", "Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\n3\t1\t2\tA.\tB.\n", "train.tsv:2: field 1 (Quality): expected 0 or 1"},
                {"sts-b", "train.tsv", "index\tgenre\tfilename\tyear\told_index\tsource1\tsource2\tsentence1\tsentence2\tscore\n0\tg\tf\ty\t1\ts\ts\tA.\tB.\t7.5\n", "train.tsv:2: field 10 (score): expected a number from 0 to 5"}};
        for (String[] c : cases) {
            Path data = dataWith(c[0], c[1], c[2]);
            String task = c[0].equals("sts-b") ? "stsb" : c[0];
            CliRun r = run("finetune", "--task", task, "--data-dir", data.toString(), "--steps", "1", "--out", out.toString());
            assertEquals(2, r.code(), String.join(" ", c) + ": " + r.err());
            List<String> lines = r.err().strip().lines().filter(l -> l.startsWith("nxm ")).toList();
            assertEquals(1, lines.size(), r.err());
            assertTrue(lines.get(0).contains(c[1].equals("dev.tsv") ? "dev.tsv:" : "train.tsv:") && lines.get(0).contains(c[3]), lines.get(0));
            assertFalse(r.err().contains("Exception"), r.err());
        }
        assertFalse(Files.exists(out));
    }

    @Test
    void compareJournalsEachRunAndSkipsFinishedRunsOnRestart() throws Exception {
        Path journal = dir.resolve("journal");
        String[] args = {"finetune-compare", "--tasks", "rte,stsb", "--methods", "dense,asp", "--seeds", "1",
                "--train-examples", "8", "--steps", "1", "--batch-size", "4", "--eval-data", "", "--journal", journal.toString()};
        // Evaluate on a 6-row file of each task's format to keep the test in seconds.
        Path rteEval = dir.resolve("rte-eval.tsv"), stsEval = dir.resolve("sts-eval.tsv");
        Files.writeString(rteEval, "index\tsentence1\tsentence2\tlabel\n0\tA man sleeps.\tA man is awake.\tnot_entailment\n"
                + "1\tA dog runs.\tAn animal runs.\tentailment\n");
        Files.writeString(stsEval, "index\tgenre\tfilename\tyear\told_index\tsource1\tsource2\tsentence1\tsentence2\tscore\n"
                + "0\tg\tf\ty\t1\ts\ts\tA plane takes off.\tA plane is taking off.\t5.0\n"
                + "1\tg\tf\ty\t2\ts\ts\tA man plays.\tA cat sleeps.\t0.4\n");
        for (String task : new String[] {"rte", "stsb"}) {
            String[] a = args.clone();
            a[2] = task;
            a[14] = (task.equals("rte") ? rteEval : stsEval).toString();
            CliRun first = run(a);
            assertEquals(0, first.code(), first.err());
            CliRun again = run(a);
            assertEquals(0, again.code(), again.err());
            assertTrue(again.err().contains("in the journal, skipped"), again.err());
            assertFalse(again.err().contains(" step 1/1"), "nothing retrained: " + again.err());
            assertTrue(again.out().contains("paired over (task, seed) vs asp"), again.out());
        }
        List<String> lines = Files.readAllLines(journal.resolve("runs.jsonl"));
        assertEquals(4, lines.size(), String.join("\n", lines));
        com.fasterxml.jackson.databind.JsonNode sts = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.get(3));
        assertEquals("stsb", sts.get("task").asText());
        assertEquals("asp", sts.get("method").asText());
        assertTrue(sts.get("eval").has("pearson") && sts.get("eval").has("spearman") && sts.get("eval").has("mse"), sts.toString());
        assertEquals(0.0, sts.get("decision_difference").get("encoder.layer.0.intermediate.dense.weight").asDouble(), "ASP keeps magnitude's mask");
        CliRun table = run("finetune-compare", "--tasks", "rte", "--methods", "dense,asp", "--seeds", "1", "--train-examples", "8",
                "--steps", "1", "--batch-size", "4", "--eval-data", rteEval.toString(), "--journal", journal.toString(), "--table-only", "--json",
                "--loss-svg", dir.resolve("loss.svg").toString());
        assertEquals(0, table.code(), table.err());
        assertTrue(Files.readString(dir.resolve("loss.svg")).contains("<polyline"));
        assertTrue(table.out().contains("\"summary\"") && table.out().contains("\"mean_difference\""), table.out());
    }

    @Test
    void epochsForGivesATaskItsOwnBudgetAndKey() throws Exception {
        Path journal = dir.resolve("epochs-for");
        Path rteEval = dir.resolve("rte-eval-epochs.tsv");
        Files.writeString(rteEval, "index\tsentence1\tsentence2\tlabel\n0\tA man sleeps.\tA man is awake.\tnot_entailment\n"
                + "1\tA dog runs.\tAn animal runs.\tentailment\n");
        String[] base = {"finetune-compare", "--tasks", "rte", "--methods", "dense", "--seeds", "1", "--train-examples", "8",
                "--epochs", "1", "--batch-size", "4", "--eval-data", rteEval.toString(), "--journal", journal.toString()};
        CliRun one = run(base);
        assertEquals(0, one.code(), one.err());
        String[] longer = java.util.Arrays.copyOf(base, base.length + 2);
        longer[base.length] = "--epochs-for";
        longer[base.length + 1] = "rte=2";
        CliRun two = run(longer);
        assertEquals(0, two.code(), two.err());
        assertFalse(two.err().contains("in the journal, skipped"), "a 2-epoch run is not the 1-epoch one: " + two.err());
        List<String> lines = Files.readAllLines(journal.resolve("runs.jsonl"));
        assertEquals(2, lines.size(), String.join("\n", lines));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode a = json.readTree(lines.get(0)), b = json.readTree(lines.get(1));
        assertTrue(a.get("settings").asText().contains("epochs=1") && b.get("settings").asText().contains("epochs=2"), lines.toString());
        assertEquals(2 * a.get("steps").asInt(), b.get("steps").asInt(), lines.toString());
        // The table of the 2-epoch grid finds its run and names the override.
        String[] table = java.util.Arrays.copyOf(longer, longer.length + 2);
        table[longer.length] = "--table-only";
        table[longer.length + 1] = "--json";
        CliRun t = run(table);
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("\"epochs_for\" : {") && t.out().contains("\"rte\" : 2") && t.out().contains(b.get("key").asText()), t.out());
    }

    @Test
    void aLayerwiseStartIsMatchedByItsPrunerAndDigestedInTheRunKey() throws Exception {
        Path wanda = dir.resolve("wanda.safetensors"), magnitude = dir.resolve("magnitude.safetensors");
        assertEquals(0, run("prune", "--method", "wanda", "--calib", "4", "--out", wanda.toString()).code());
        assertEquals(0, run("prune", "--method", "magnitude", "--out", magnitude.toString()).code());
        Path journal = dir.resolve("layerwise");
        Path rteEval = dir.resolve("rte-eval-layerwise.tsv");
        Files.writeString(rteEval, "index\tsentence1\tsentence2\tlabel\n0\tA man sleeps.\tA man is awake.\tnot_entailment\n"
                + "1\tA dog runs.\tAn animal runs.\tentailment\n");
        String[] args = {"finetune-compare", "--tasks", "rte", "--methods", "asp,lwwanda", "--seeds", "1", "--train-examples", "8",
                "--steps", "1", "--batch-size", "4", "--eval-data", rteEval.toString(), "--journal", journal.toString(),
                "--layerwise-init", wanda.toString()};
        CliRun r = run(args);
        assertEquals(0, r.code(), r.err());
        // Wanda's output is 2:4 already: masked fine-tuning keeps its support rather than pruning again.
        assertTrue(r.err().contains("lwwanda: the 36 Linear weights start 2:4; fine-tuning keeps their support"), r.err());
        List<String> lines = Files.readAllLines(journal.resolve("runs.jsonl"));
        String digest = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(wanda)), 0, 6);
        assertTrue(lines.get(1).contains("\"method\":\"lwwanda\"") && lines.get(1).contains("layerwise-init-wanda=" + digest), lines.get(1));
        // ASP's key does not read the start file: another file leaves the ASP run valid and makes lwwanda a new run.
        Path other = dir.resolve("wanda-8.safetensors");
        assertEquals(0, run("prune", "--method", "wanda", "--calib", "8", "--out", other.toString()).code());
        String[] again = args.clone();
        again[again.length - 1] = other.toString();
        CliRun t = run(java.util.stream.Stream.concat(java.util.Arrays.stream(again), java.util.stream.Stream.of("--table-only", "--json")).toArray(String[]::new));
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("\"method\" : \"asp\"") && !t.out().contains("\"method\" : \"lwwanda\""), t.out());
        // A file no layer-wise method starts from, or two files of one pruner: one line, exit 2.
        for (String[] bad : new String[][] {
                {"finetune-compare", "--tasks", "rte", "--methods", "lwadmm", "--journal", journal.toString(), "--table-only", "--layerwise-init", magnitude.toString()},
                {"finetune-compare", "--tasks", "rte", "--methods", "lwwanda", "--journal", journal.toString(), "--table-only",
                        "--layerwise-init", wanda.toString(), "--layerwise-init", other.toString()}}) {
            CliRun b = run(bad);
            assertEquals(2, b.code(), b.err());
            assertTrue(b.err().contains("--layerwise-init"), b.err());
        }
    }

    @Test
    void rekeyRewritesTheJournalsKeysFromTheStoredSettings() throws Exception {
        CliRun none = run("finetune-compare", "--tasks", "rte", "--rekey");
        assertEquals(2, none.code(), none.err());
        assertTrue(none.err().contains("--rekey needs --journal DIR"), none.err());
        Path journal = dir.resolve("rekey");
        Files.createDirectories(journal);
        String settings = "lr=5.0E-5 rho0=1000.0 dropout=0.1";
        Files.writeString(journal.resolve("runs.jsonl"),
                "{\"key\":\"rte/dense/seed1/old\",\"task\":\"rte\",\"method\":\"dense\",\"seed\":1,\"settings\":\"" + settings + "\",\"score\":60}\n");
        CliRun r = run("finetune-compare", "--tasks", "rte", "--journal", journal.toString(), "--rekey");
        assertEquals(0, r.code(), r.err());
        String key = org.nxm.admm.finetune.experiment.FinetuneGrid.key(org.nxm.admm.finetune.task.GlueTask.RTE, "dense", 1, settings);
        assertTrue(r.out().contains("rte/dense/seed1/old -> " + key) && r.out().contains("1 runs, 1 keys changed, 0 duplicates dropped"), r.out());
        assertTrue(Files.readString(journal.resolve("runs.jsonl")).contains("\"key\":\"" + key + "\""));
    }

    @Test
    void aTinySparseRunPassesVerifyCompilesAndSimulates() {
        Path out = dir.resolve("rte-admm.safetensors"), prog = dir.resolve("prog.json");
        Path eval = dir.resolve("eval.tsv");
        try {
            Files.writeString(eval, "index\tsentence1\tsentence2\tlabel\n0\tA man sleeps.\tA man is awake.\tnot_entailment\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CliRun r = run("finetune", "--task", "rte", "--method", "admm", "--train-examples", "8", "--steps", "2", "--batch-size", "4",
                "--admm-interval", "1", "--eval-data", eval.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        CliRun v = run("verify", out.toString());
        assertEquals(0, v.code(), v.out() + v.err());
        CliRun c = run("compile", "--model", "minilm-l6", "--weights", out.toString(), "--hw", "a100", "--pattern", "2:4", "--seq", "16",
                "--out", prog.toString());
        assertEquals(0, c.code(), c.err());
        CliRun sim = run("simulate", "--hw", "a100", "--program", prog.toString(), "--json");
        assertEquals(0, sim.code(), sim.err());
        assertTrue(sim.out().contains("cycles"), sim.out());
    }
}
