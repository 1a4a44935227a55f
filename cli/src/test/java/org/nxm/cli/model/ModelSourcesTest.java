package org.nxm.cli.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.cli.CliRun;
import org.nxm.model.data.DataDir;
import org.nxm.model.io.safetensors.SafeTensor;
import org.nxm.model.io.safetensors.SafetensorsFile;
import org.nxm.model.io.safetensors.SafetensorsWriter;
import org.nxm.model.numeric.DType;
import org.nxm.model.tensor.Tensor;
import org.nxm.model.transformer.MiniLm;

/**
 * Models from files through the commands: a Hugging Face classifier directory built from the real
 * all-MiniLM-L6-v2 weights ({@code bert.} prefix, pooler, classifier head, int64 buffer) round-trips through
 * {@code prune}; broken directories are one line, exit 2, nothing written.
 */
class ModelSourcesTest {
    @TempDir Path tmp;

    static final String CONFIG = """
            {"architectures": ["BertForSequenceClassification"], "model_type": "bert", "hidden_act": "gelu",
             "hidden_size": 384, "num_hidden_layers": 6, "num_attention_heads": 12, "intermediate_size": 1536,
             "vocab_size": 30522, "max_position_embeddings": 512, "type_vocab_size": 2, "layer_norm_eps": 1e-12}
            """;
    static final Set<String> HEADS = Set.of("bert.pooler.dense.weight", "bert.pooler.dense.bias", "classifier.weight", "classifier.bias",
            "bert.embeddings.position_ids");

    /** A BertForSequenceClassification directory over MiniLM's real weights, encoder stored as {@code dtype}. */
    static Path classifierDir(Path dir, DType dtype) throws IOException {
        MiniLm mini = MiniLm.load();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), CONFIG);
        Files.write(dir.resolve("tokenizer.json"), mini.asModel().sideFiles().get("tokenizer.json"));
        List<SafeTensor> ts = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : mini.weights().tensors().entrySet()) {
            ts.add(SafeTensor.ofFloats("bert." + e.getKey(), e.getValue().shape(), e.getValue().data(), dtype));
        }
        SplittableRandom r = new SplittableRandom(3);
        ts.add(random("bert.pooler.dense.weight", new int[] {384, 384}, r));
        ts.add(random("bert.pooler.dense.bias", new int[] {384}, r));
        ts.add(random("classifier.weight", new int[] {2, 384}, r));
        ts.add(random("classifier.bias", new int[] {2}, r));
        byte[] ids = new byte[512 * 8];
        for (int i = 0; i < 512; i++) { ids[8 * i] = (byte) i; ids[8 * i + 1] = (byte) (i >> 8); }
        ts.add(SafeTensor.of("bert.embeddings.position_ids", DType.I64, new int[] {1, 512}, ids));
        SafetensorsWriter.write(dir.resolve("model.safetensors"), ts, Map.of("format", "pt"));
        return dir;
    }

    static SafeTensor random(String name, int[] shape, SplittableRandom r) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextDouble() - 0.5) * 0.1f;
        return SafeTensor.ofFloats(name, shape, v, DType.F32);
    }

    @Test
    void classifierDirectoryRoundTripsThroughPrune() throws IOException {
        for (DType dtype : new DType[] {DType.F32, DType.BF16}) {
            Path src = classifierDir(tmp.resolve("clf-" + dtype), dtype);
            Path out = tmp.resolve("pruned-" + dtype + ".safetensors");
            // float32 with calibration (wanda) and every downstream command; bfloat16 with magnitude, for the dtypes.
            boolean full = dtype == DType.F32;
            CliRun r = CliRun.of("prune", "--model-dir", src.toString(), "--pattern", "2:4", "--method", full ? "wanda" : "magnitude",
                    "--calib", "16", "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            SafetensorsFile a = SafetensorsFile.open(src.resolve("model.safetensors"));
            SafetensorsFile b = SafetensorsFile.open(out);
            assertEquals(a.names(), b.names(), "every tensor, same names, same order");
            for (String name : a.names()) {
                assertEquals(a.get(name).dtype(), b.get(name).dtype(), name);
                assertArrayEquals(a.get(name).shape(), b.get(name).shape(), name);
                if (HEADS.contains(name)) assertArrayEquals(a.get(name).bytes(), b.get(name).bytes(), name + " byte-identical");
            }
            assertEquals("pt", b.metadata().get("format"));
            assertTrue(b.metadata().get("nxm.pruned").startsWith("bert.encoder.layer.0.attention.self.query.weight"), b.metadata().toString());
            CliRun v = CliRun.of("verify", out.toString());
            assertEquals(0, v.code(), v.out() + v.err());

            if (!full) continue;
            // The prefixed names bind in compile, and the functional check runs the directory's model.
            Path prog = tmp.resolve("prog.json");
            CliRun c = CliRun.of("compile", "--model-dir", src.toString(), "--weights", out.toString(), "--hw", "a100", "--seq", "16",
                    "--out", prog.toString());
            assertEquals(0, c.code(), c.err());
            CliRun sim = CliRun.of("simulate", "--hw", "a100", "--program", prog.toString(), "--functional", "--model-dir", src.toString(),
                    "--weights", out.toString(), "--json");
            assertEquals(0, sim.code(), sim.err());
            JsonNode functional = new ObjectMapper().readTree(sim.out()).get("functional");
            assertTrue(functional.get("passed").asBoolean() && functional.get("projected_groups").asLong() == 0, sim.out());
            // The pruned file replaces model.safetensors in a copy of the directory: it loads and embeds.
            Path copy = tmp.resolve("copy-" + dtype);
            Files.createDirectories(copy);
            for (String f : List.of("config.json", "tokenizer.json")) Files.copy(src.resolve(f), copy.resolve(f));
            Files.copy(out, copy.resolve("model.safetensors"));
            CliRun e = CliRun.of("embed", "--model-dir", copy.toString(), "A man is playing a guitar.", "A person plays the guitar.");
            assertEquals(0, e.code(), e.err());
            // And the same pruned file overlays the source directory in eval.
            CliRun ev = CliRun.of("eval", "--model-dir", src.toString(), "--weights", out.toString(), "--task", "stsb", "--data",
                    stsbSample(40).toString(), "--json");
            assertEquals(0, ev.code(), ev.err());
        }
    }

    /** Header + every k-th STS-B dev pair. */
    Path stsbSample(int pairs) throws IOException {
        List<String> lines = Files.readAllLines(DataDir.file(null, "glue/sts-b/dev.tsv"), StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(lines.get(0)).append('\n');
        int step = (lines.size() - 1) / pairs;
        for (int i = 1, n = 0; i < lines.size() && n < pairs; i += step, n++) sb.append(lines.get(i)).append('\n');
        Path p = tmp.resolve("stsb-" + pairs + ".tsv");
        Files.writeString(p, sb.toString(), StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void brokenDirectoriesAreOneLineExit2AndWriteNothing() throws IOException {
        Path base = classifierDir(tmp.resolve("base"), DType.F32);
        record Case(String name, String fragment, ThrowingEdit edit) {}
        List<Case> cases = List.of(
                new Case("missing-key", "config.json: missing key num_attention_heads",
                        d -> Files.writeString(d.resolve("config.json"), CONFIG.replace("\"num_attention_heads\": 12,", ""))),
                new Case("llama", "config.json: architectures[0] is 'LlamaForCausalLM'",
                        d -> Files.writeString(d.resolve("config.json"), CONFIG.replace("BertForSequenceClassification", "LlamaForCausalLM"))),
                new Case("shape", "model.safetensors: tensor bert.embeddings.word_embeddings.weight has shape [30522, 384], expected [30000, 384]",
                        d -> Files.writeString(d.resolve("config.json"), CONFIG.replace("30522", "30000"))),
                new Case("pickle", "pytorch_model.bin: PyTorch pickle checkpoints are not read", d -> {
                    Files.delete(d.resolve("model.safetensors"));
                    Files.write(d.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2, 0x7d});
                }),
                new Case("bpe", "tokenizer.json: field model.type is 'BPE', expected WordPiece",
                        d -> Files.writeString(d.resolve("tokenizer.json"), "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": []}}")));
        for (Case c : cases) {
            Path d = tmp.resolve(c.name());
            Files.createDirectories(d);
            try (var files = Files.list(base)) {
                for (Path f : files.toList()) Files.copy(f, d.resolve(f.getFileName()));
            }
            c.edit().apply(d);
            Path out = tmp.resolve(c.name() + ".safetensors");
            CliRun r = CliRun.of("prune", "--model-dir", d.toString(), "--method", "magnitude", "--out", out.toString());
            assertEquals(2, r.code(), c.name() + ": " + r.err());
            String line = r.err().strip();
            assertEquals(1, line.lines().count(), r.err());
            assertTrue(line.contains(d.toString()) && line.contains(c.fragment()), c.name() + ": " + line);
            assertFalse(Files.exists(out), c.name() + ": nothing written");
            assertEquals("", r.out());
        }
    }

    @FunctionalInterface
    interface ThrowingEdit {
        void apply(Path dir) throws IOException;
    }

    @Test
    void exportThenModelDirGivesTheSameEmbeddings() throws IOException {
        Path out = tmp.resolve("minilm-hf");
        CliRun x = CliRun.of("export", "--model", "minilm-l6", "--out", out.toString(), "--json");
        assertEquals(0, x.code(), x.err());
        assertTrue(Files.isRegularFile(out.resolve("1_Pooling/config.json")));
        CliRun a = CliRun.of("embed", "--json", "--vectors", "A man is playing a guitar.", "Stocks fell.");
        CliRun b = CliRun.of("embed", "--json", "--vectors", "--model-dir", out.toString(), "A man is playing a guitar.", "Stocks fell.");
        assertEquals(0, b.code(), b.err());
        JsonNode ja = new ObjectMapper().readTree(a.out()), jb = new ObjectMapper().readTree(b.out());
        assertEquals(ja.get("embeddings"), jb.get("embeddings"));
        CliRun again = CliRun.of("export", "--model", "minilm-l6", "--out", out.toString());
        assertEquals(2, again.code(), "an existing non-empty directory is refused");
    }
}
