package org.nxm.admm.finetune.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.admm.finetune.task.GlueTask;

/** A run's key changes with the settings its method reads, and only with those; old journals are rekeyed. */
class RunKeyTest {
    private static final String BASE = "train-examples=null holdout=0.0 eval-data=null layers=all epochs=3 steps=null batch-size=16 "
            + "lr=5.0E-5 warmup=0.1 weight-decay=0.01 pattern=2:4 rho0=1000.0 rho-growth=1.0 rho-max=100000.0 admm-interval=25 "
            + "admm-fraction=0.6 admm-penalty=decoupled admm-schedule=restart admm-kept=track admm-metric=euclidean "
            + "srste-decay=2.0E-4 kd-alpha=0.5 kd-temperature=2.0 dropout=0.1";
    private static final List<String> LABELS = List.of("dense", "asp", "srste", "admm", "lwadmm", "lwsparsegpt", "lwwanda", "dense+kd", "asp+kd", "admm+kd");

    @TempDir
    Path dir;

    private static String with(String name, String value) {
        String changed = BASE.replaceFirst("(^| )" + name + "=[^ ]+", "$1" + name + "=" + value);
        assertNotEquals(BASE, changed, name + " is in the settings line");
        return changed;
    }

    /** Which labels' keys change when {@code settings} replaces BASE. */
    private static List<String> changed(String settings) {
        return LABELS.stream().filter(l -> !RunKey.of(GlueTask.RTE, l, 1, BASE).equals(RunKey.of(GlueTask.RTE, l, 1, settings))).toList();
    }

    @Test
    void eachSettingInvalidatesOnlyTheMethodsThatReadIt() {
        assertEquals(List.of("admm", "admm+kd"), changed(with("rho0", "10.0")));
        assertEquals(List.of("admm", "admm+kd"), changed(with("admm-fraction", "0.8")));
        assertEquals(List.of("srste"), changed(with("srste-decay", "1.0E-3")));
        assertEquals(List.of("dense+kd", "asp+kd", "admm+kd"), changed(with("kd-alpha", "0.9")));
        List<String> sparse = List.of("asp", "srste", "admm", "lwadmm", "lwsparsegpt", "lwwanda", "asp+kd", "admm+kd");
        assertEquals(sparse, changed(with("pattern", "1:4")));
        assertEquals(sparse, changed(with("layers", "ffn")));
        assertEquals(List.of("lwadmm"), changed(BASE + " layerwise-init=3cba07e7e92f"), "the start weights' digest");
        assertEquals(List.of("lwsparsegpt"), changed(BASE + " layerwise-init-sparsegpt=0123456789ab"));
        assertEquals(List.of("lwwanda"), changed(BASE + " layerwise-init-wanda=0123456789ab"));
        assertEquals(LABELS, changed(BASE + " layerwise-init-magic=0123456789ab"), "an unknown pruner's start: every method");
        assertEquals(LABELS, changed(with("lr", "1.0E-4")));
        assertEquals(LABELS, changed(with("dropout", "0.2")));
        assertEquals(LABELS, changed(with("holdout", "0.2")));
        assertEquals(LABELS, changed(BASE + " new-setting=1"), "an unclassified setting invalidates every run");
        assertEquals(List.of(), changed(BASE + "  "), "spacing is not a setting");
    }

    @Test
    void theKeyNamesTaskMethodAndSeedAndDiffersAcrossTasks() {
        String k = RunKey.of(GlueTask.MRPC, "admm+kd", 3, BASE);
        assertTrue(k.startsWith("mrpc/admm+kd/seed3/"), k);
        String rte = RunKey.of(GlueTask.RTE, "admm+kd", 3, BASE);
        assertNotEquals(k.substring(k.lastIndexOf('/')), rte.substring(rte.lastIndexOf('/')), "the digest covers the task");
        assertNotEquals(RunKey.of(GlueTask.RTE, "dense", 1, BASE), RunKey.of(GlueTask.RTE, "dense", 2, BASE));
    }

    @Test
    void theFileDigestIsTheStartOfItsSha256() throws Exception {
        Path f = dir.resolve("w.bin");
        Files.writeString(f, "abc");
        assertEquals("ba7816bf8f01", RunKey.fileDigest(f), "SHA-256(\"abc\") = ba7816bf8f01cfea...");
    }

    private static ObjectNode run(String key, String method, String settings, double score) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put(Journal.KEY, key);
        n.put("task", "rte");
        n.put("method", method);
        n.put("seed", 1);
        n.put("settings", settings);
        n.put("score", score);
        return n;
    }

    @Test
    void rekeyRecomputesKeysFromTheStoredSettingsAndRenamesTeachers() throws Exception {
        Journal j = Journal.open(dir);
        String other = with("rho0", "10.0");
        j.append(run("rte/dense/seed1/old1", "dense", BASE, 60));
        j.append(run("rte/admm/seed1/old1", "admm", BASE, 53));
        j.append(run("rte/dense/seed1/old2", "dense", other, 60)); // the same dense run under another rho0: a duplicate
        j.append(run("rte/admm/seed1/old2", "admm", other, 55));
        Files.createDirectories(dir.resolve("teachers"));
        Files.writeString(dir.resolve("teachers/rte-dense-seed1-old1.f32"), "logits");

        Map<String, String> changes = FinetuneGrid.rekey(j);
        String dense = RunKey.of(GlueTask.RTE, "dense", 1, BASE);
        assertEquals(dense, changes.get("rte/dense/seed1/old1"));
        assertNull(changes.get("rte/dense/seed1/old2"));
        assertTrue(changes.containsKey("rte/dense/seed1/old2"));
        List<ObjectNode> runs = Journal.open(dir).runs();
        assertEquals(List.of(dense, RunKey.of(GlueTask.RTE, "admm", 1, BASE), RunKey.of(GlueTask.RTE, "admm", 1, other)),
                runs.stream().map(r -> r.get(Journal.KEY).asText()).toList());
        assertEquals(55, runs.get(2).get("score").asDouble());
        assertTrue(Files.exists(dir.resolve("teachers").resolve(dense.replace('/', '-') + ".f32")));
        assertFalse(Files.exists(dir.resolve("teachers/rte-dense-seed1-old1.f32")));
        assertEquals(List.of(), FinetuneGrid.rekey(j).entrySet().stream().filter(e -> !e.getKey().equals(e.getValue())).toList(),
                "rekeying twice changes nothing");
    }
}
