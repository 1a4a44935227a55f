package org.nxm.model.io.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.model.io.InputException;
import org.nxm.model.io.safetensors.SafeTensor;
import org.nxm.model.io.safetensors.SafetensorsFile;
import org.nxm.model.io.safetensors.SafetensorsWriter;
import org.nxm.model.numeric.DType;
import org.nxm.model.tensor.Tensor;
import org.nxm.model.transformer.CheckpointLayout;
import org.nxm.model.transformer.EncoderModel;
import org.nxm.model.transformer.MiniLm;
import org.nxm.model.transformer.Pooling;
import org.nxm.model.transformer.TokenBatch;
import org.nxm.model.transformer.TransformerWeights;

/**
 * Hugging Face model directories built from the real all-MiniLM-L6-v2 weights the way
 * {@code BertForSequenceClassification.save_pretrained} lays them out ({@code bert.} prefix, pooler, classifier
 * head, int64 position_ids buffer): read, written back, sharded, and refused when broken.
 */
class HfModelDirTest {
    @TempDir Path tmp;
    static MiniLm mini;
    static byte[] tokenizerJson;

    @BeforeAll
    static void load() {
        mini = MiniLm.load();
        tokenizerJson = mini.asModel().sideFiles().get("tokenizer.json");
    }

    static final String CLASSIFIER_CONFIG = """
            {"architectures": ["BertForSequenceClassification"], "model_type": "bert", "hidden_act": "gelu",
             "hidden_size": 384, "num_hidden_layers": 6, "num_attention_heads": 12, "intermediate_size": 1536,
             "vocab_size": 30522, "max_position_embeddings": 512, "type_vocab_size": 2, "layer_norm_eps": 1e-12,
             "id2label": {"0": "NEGATIVE", "1": "POSITIVE"}, "torch_dtype": "float32"}
            """;

    /** The source tensors of a classifier checkpoint over MiniLM's weights, encoder tensors stored as {@code dtype}. */
    static List<SafeTensor> classifierTensors(DType dtype) {
        List<SafeTensor> out = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : mini.weights().tensors().entrySet()) {
            out.add(SafeTensor.ofFloats("bert." + e.getKey(), e.getValue().shape(), e.getValue().data(), dtype));
        }
        SplittableRandom r = new SplittableRandom(7);
        out.add(randomTensor("bert.pooler.dense.weight", new int[] {384, 384}, r));
        out.add(randomTensor("bert.pooler.dense.bias", new int[] {384}, r));
        out.add(randomTensor("classifier.weight", new int[] {2, 384}, r));
        out.add(randomTensor("classifier.bias", new int[] {2}, r));
        byte[] ids = new byte[512 * 8];
        for (int i = 0; i < 512; i++) ids[8 * i] = (byte) i; // little-endian low byte; enough to be distinct bytes
        out.add(SafeTensor.of("bert.embeddings.position_ids", DType.I64, new int[] {1, 512}, ids));
        return out;
    }

    static SafeTensor randomTensor(String name, int[] shape, SplittableRandom r) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextDouble() - 0.5);
        return SafeTensor.ofFloats(name, shape, v, DType.F32);
    }

    static Path classifierDir(Path dir, DType dtype) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), CLASSIFIER_CONFIG);
        Files.write(dir.resolve("tokenizer.json"), tokenizerJson);
        SafetensorsWriter.write(dir.resolve("model.safetensors"), classifierTensors(dtype), Map.of("format", "pt"));
        return dir;
    }

    @Test
    void readsPrefixHeadsAndPooling() throws IOException {
        Path dir = classifierDir(tmp.resolve("clf"), DType.F32);
        EncoderModel m = HfModelDir.read(dir);
        CheckpointLayout l = m.weights().layout();
        assertEquals("bert.", l.prefix());
        assertEquals(List.of("bert.pooler.dense.weight", "bert.pooler.dense.bias", "classifier.weight", "classifier.bias",
                "bert.embeddings.position_ids"), List.copyOf(l.extras().keySet()));
        assertEquals(6, m.config().layers());
        assertEquals(new Pooling(Pooling.Mode.MEAN, false), m.pooling(), "no modules.json: plain transformers model");
        for (String name : mini.weights().tensors().keySet()) assertEquals(mini.weights().tensor(name), m.weights().tensor(name), name);
        // The same forward as the embedded model.
        TokenBatch b = m.tokenizer().batch(List.of("A man is playing a guitar.", "Nothing at all."));
        assertArrayEquals(mini.encoder().forward(b).data(), m.encoder().forward(b).data());
    }

    @Test
    void writesEveryTensorBackUnderItsNameDtypeAndBytes() throws IOException {
        for (DType dtype : new DType[] {DType.F32, DType.F16}) {
            Path src = classifierDir(tmp.resolve("src-" + dtype), dtype);
            EncoderModel m = HfModelDir.read(src);
            // Change one Linear as pruning would; everything else must come back byte for byte.
            String q = "encoder.layer.0.attention.self.query";
            float[] changed = m.weights().linearWeight(q).data().clone();
            for (int i = 0; i < changed.length; i += 2) changed[i] = 0f;
            TransformerWeights w = m.weights().withLinearWeight(q, new org.nxm.model.tensor.Matrix(384, 384, changed));
            Path out = tmp.resolve("out-" + dtype);
            HfModelWriter.write(m.withWeights(w), out, Map.of("nxm.note", "test"));
            SafetensorsFile a = SafetensorsFile.open(src.resolve("model.safetensors"));
            SafetensorsFile b = SafetensorsFile.open(out.resolve("model.safetensors"));
            assertEquals(a.names(), b.names());
            for (String name : a.names()) {
                assertEquals(a.get(name).dtype(), b.get(name).dtype(), name);
                assertArrayEquals(a.get(name).shape(), b.get(name).shape(), name);
                if (!name.equals("bert." + q + ".weight")) assertArrayEquals(a.get(name).bytes(), b.get(name).bytes(), name);
            }
            assertFalse(java.util.Arrays.equals(a.get("bert." + q + ".weight").bytes(), b.get("bert." + q + ".weight").bytes()));
            assertEquals("pt", b.metadata().get("format"));
            assertArrayEquals(Files.readAllBytes(src.resolve("config.json")), Files.readAllBytes(out.resolve("config.json")));
            assertTrue(Files.isRegularFile(out.resolve("modules.json")));
            EncoderModel back = HfModelDir.read(out);
            assertEquals(m.pooling(), back.pooling());
            assertArrayEquals(changed, back.weights().linearWeight(q).data());
        }
    }

    @Test
    void exportOfTheEmbeddedModelReadsBackIdentically() {
        EncoderModel m = mini.asModel();
        Path out = tmp.resolve("minilm");
        HfModelWriter.write(m, out, Map.of());
        EncoderModel back = HfModelDir.read(out);
        assertEquals(Pooling.MEAN_NORMALIZED, back.pooling());
        assertEquals(m.config().withName(back.config().name()), back.config());
        for (String name : m.weights().tensors().keySet()) assertEquals(m.weights().tensor(name), back.weights().tensor(name), name);
        List<String> s = List.of("A dog runs in the park.", "Stocks fell sharply on Monday.");
        assertArrayEquals(m.embedder().embed(s), back.embedder().embed(s));
    }

    @Test
    void shardedIndexReadsLikeOneFile() throws IOException {
        Path dir = tmp.resolve("sharded");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), CLASSIFIER_CONFIG);
        Files.write(dir.resolve("tokenizer.json"), tokenizerJson);
        List<SafeTensor> all = classifierTensors(DType.F32);
        int half = all.size() / 2;
        SafetensorsWriter.write(dir.resolve("model-00001-of-00002.safetensors"), all.subList(0, half), Map.of("format", "pt"));
        SafetensorsWriter.write(dir.resolve("model-00002-of-00002.safetensors"), all.subList(half, all.size()), Map.of("format", "pt"));
        StringBuilder map = new StringBuilder();
        for (int i = 0; i < all.size(); i++) {
            map.append(i == 0 ? "" : ",").append('"').append(all.get(i).name()).append("\": \"model-0000")
                    .append(i < half ? 1 : 2).append("-of-00002.safetensors\"");
        }
        Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"metadata\": {}, \"weight_map\": {" + map + "}}");
        EncoderModel m = HfModelDir.read(dir);
        assertEquals(5, m.weights().layout().extras().size());
        assertEquals(mini.weights().tensor("encoder.layer.5.output.dense.weight"), m.weights().tensor("encoder.layer.5.output.dense.weight"));
    }

    @Test
    void vocabTxtTokenizesLikeTokenizerJson() throws IOException {
        Path dir = classifierDir(tmp.resolve("vocab"), DType.F32);
        Files.delete(dir.resolve("tokenizer.json"));
        List<String> vocab = new ArrayList<>();
        for (int id = 0; id < mini.tokenizer().vocabSize(); id++) vocab.add(mini.tokenizer().token(id));
        Files.writeString(dir.resolve("vocab.txt"), String.join("\n", vocab) + "\n");
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"do_lower_case\": true, \"tokenizer_class\": \"BertTokenizer\"}");
        EncoderModel m = HfModelDir.read(dir);
        for (String s : List.of("Héllo, World! unaffable", "A man is playing a guitar.")) {
            assertArrayEquals(mini.tokenizer().encode(s).ids(), m.tokenizer().encode(s).ids(), s);
        }
    }

    @Test
    void sentenceTransformersPoolingIsRead() throws IOException {
        Path dir = classifierDir(tmp.resolve("st"), DType.F32);
        for (Map.Entry<String, byte[]> f : SentenceTransformersPooling.files(Pooling.CLS_NORMALIZED, 384).entrySet()) {
            Files.createDirectories(dir.resolve(f.getKey()).getParent());
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
        assertEquals(Pooling.CLS_NORMALIZED, HfModelDir.read(dir).pooling());
    }

    /** Each broken directory: one line naming the file and the key. */
    @Test
    void badInputIsOneLineNamingFileAndKey() throws IOException {
        Path missing = classifierDir(tmp.resolve("missing"), DType.F32);
        Files.writeString(missing.resolve("config.json"), CLASSIFIER_CONFIG.replace("\"intermediate_size\": 1536,", ""));
        expect(missing, "config.json: missing key intermediate_size");

        Path llama = classifierDir(tmp.resolve("llama"), DType.F32);
        Files.writeString(llama.resolve("config.json"), CLASSIFIER_CONFIG.replace("BertForSequenceClassification", "LlamaForCausalLM"));
        expect(llama, "config.json: architectures[0] is 'LlamaForCausalLM', expected a BERT-family encoder");

        Path shape = classifierDir(tmp.resolve("shape"), DType.F32);
        Files.writeString(shape.resolve("config.json"), CLASSIFIER_CONFIG.replace("\"intermediate_size\": 1536", "\"intermediate_size\": 1024"));
        expect(shape, "model.safetensors: tensor bert.encoder.layer.0.intermediate.dense.weight has shape [1536, 384], expected [1024, 384]");

        Path pickle = classifierDir(tmp.resolve("pickle"), DType.F32);
        Files.delete(pickle.resolve("model.safetensors"));
        Files.write(pickle.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2});
        expect(pickle, "pytorch_model.bin: PyTorch pickle checkpoints are not read");

        Path bpe = classifierDir(tmp.resolve("bpe"), DType.F32);
        Files.writeString(bpe.resolve("tokenizer.json"), "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}}}");
        expect(bpe, "tokenizer.json: field model.type is 'BPE', expected WordPiece");
    }

    private static void expect(Path dir, String fragment) {
        InputException e = assertThrows(InputException.class, () -> HfModelDir.read(dir));
        assertTrue(e.getMessage().contains(dir.getFileName().toString()) && e.getMessage().contains(fragment), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void writerRefusesANonEmptyTargetAndLeavesNothingOnFailure() throws IOException {
        Path busy = tmp.resolve("busy");
        Files.createDirectories(busy);
        Files.writeString(busy.resolve("keep.txt"), "x");
        assertThrows(InputException.class, () -> HfModelWriter.write(mini.asModel(), busy, Map.of()));
        assertEquals(List.of("keep.txt"), Files.list(busy).map(p -> p.getFileName().toString()).toList());
        try (var s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".busy.")), "no temporary directory left");
        }
    }
}
