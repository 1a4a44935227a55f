package org.nxm.model.io.hf;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nxm.model.io.InputException;
import org.nxm.model.tokenizer.WordPieceTokenizer;
import org.nxm.model.transformer.EncoderModel;
import org.nxm.model.transformer.Pooling;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.model.transformer.TransformerWeights;

/**
 * Reads a model directory as Hugging Face writes it ({@code save_pretrained}, or a hub snapshot):
 * {@code config.json}; {@code model.safetensors} or a sharded {@code model.safetensors.index.json};
 * {@code tokenizer.json} or {@code vocab.txt} (+ {@code tokenizer_config.json}); for sentence-transformers
 * models {@code modules.json} and the Pooling module's config. Safetensors stay memory-mapped: only the
 * encoder tensors are converted to float32, the rest (pooler, heads) are kept aside as mapped bytes.
 * A {@code pytorch_model.bin} is refused: unpickling runs arbitrary code.
 */
public final class HfModelDir {
    /** Files describing the model that an export copies verbatim when the model came from a directory. */
    static final List<String> SIDE_FILES = List.of("config.json", "tokenizer.json", "vocab.txt", "tokenizer_config.json",
            "special_tokens_map.json", "config_sentence_transformers.json", "sentence_bert_config.json");

    private HfModelDir() {}

    public static EncoderModel read(Path dir) {
        if (!Files.isDirectory(dir)) throw new InputException(dir + ": not a directory (expected a Hugging Face model directory with config.json)");
        Path configFile = dir.resolve("config.json");
        org.nxm.model.io.InputFiles.refuseNonRegular(configFile, "config.json");
        if (!Files.isRegularFile(configFile)) throw new InputException(configFile + ": not found (a Hugging Face model directory has config.json)");
        Map<String, byte[]> side = new LinkedHashMap<>();
        for (String f : SIDE_FILES) {
            Path p = dir.resolve(f);
            org.nxm.model.io.InputFiles.refuseNonRegular(p, f); // a FIFO would block; skipping it would hide why
            if (Files.isRegularFile(p)) side.put(f, bytes(p));
        }
        String name = dir.toAbsolutePath().normalize().getFileName() == null ? "model" : dir.toAbsolutePath().normalize().getFileName().toString();
        TransformerConfig config = HfConfig.read(configFile, side.get("config.json"), name);
        Path weightsFile = weightsFile(dir);
        TransformerWeights weights = CheckpointTensors.toWeights(config, CheckpointTensors.open(weightsFile), configFile, weightsFile.toString());
        WordPieceTokenizer tokenizer = tokenizer(dir, side, config);
        Pooling pooling = SentenceTransformersPooling.read(dir);
        return new EncoderModel(name, dir.toString(), weights, tokenizer, pooling, side);
    }

    /** model.safetensors, else model.safetensors.index.json; a pickle checkpoint alone is refused with the conversion to run. */
    static Path weightsFile(Path dir) {
        Path single = dir.resolve("model.safetensors");
        org.nxm.model.io.InputFiles.refuseNonRegular(single, "weights file");
        if (Files.isRegularFile(single)) return single;
        Path index = dir.resolve("model.safetensors.index.json");
        if (Files.isRegularFile(index)) return index;
        for (String pickle : new String[] {"pytorch_model.bin", "pytorch_model.bin.index.json"}) {
            Path p = dir.resolve(pickle);
            if (Files.isRegularFile(p)) throw refusedPickle(p);
        }
        throw new InputException(dir + ": no model.safetensors or model.safetensors.index.json");
    }

    /** The one line for a PyTorch pickle checkpoint: why it is not read and how to convert it. */
    public static InputException refusedPickle(Path file) {
        return new InputException(file + ": PyTorch pickle checkpoints are not read (loading one runs arbitrary code); convert it to safetensors: "
                + "python -c \"from transformers import AutoModel as M; M.from_pretrained('DIR').save_pretrained('DIR', safe_serialization=True)\"");
    }

    private static WordPieceTokenizer tokenizer(Path dir, Map<String, byte[]> side, TransformerConfig config) {
        if (side.containsKey("tokenizer.json")) {
            return WordPieceTokenizer.fromJson(new ByteArrayInputStream(side.get("tokenizer.json")), dir.resolve("tokenizer.json").toString());
        }
        if (side.containsKey("vocab.txt")) {
            boolean lower = true;
            int maxLength = config.maxPositions();
            Path tc = dir.resolve("tokenizer_config.json");
            if (side.containsKey("tokenizer_config.json")) {
                JsonNode t;
                try {
                    t = HfConfig.JSON.readTree(side.get("tokenizer_config.json"));
                } catch (IOException e) {
                    throw new InputException(tc + ": not valid JSON (" + String.valueOf(e.getMessage()).split("\n")[0] + ")", e);
                }
                String cls = t.path("tokenizer_class").asText("BertTokenizer");
                if (!cls.startsWith("BertTokenizer")) {
                    throw new InputException(tc + ": tokenizer_class is '" + cls + "', expected BertTokenizer (WordPiece)");
                }
                lower = t.path("do_lower_case").asBoolean(true);
                long ml = t.path("model_max_length").asLong(maxLength);
                if (ml > 1 && ml < maxLength) maxLength = (int) ml;
            }
            List<String> lines = Arrays.asList(new String(side.get("vocab.txt"), StandardCharsets.UTF_8).split("\n", -1));
            return WordPieceTokenizer.fromVocabTxt(lines, lower, maxLength, dir.resolve("vocab.txt").toString());
        }
        throw new InputException(dir + ": no tokenizer.json or vocab.txt (a WordPiece tokenizer is needed)");
    }

    private static byte[] bytes(Path p) {
        org.nxm.model.io.InputFiles.refuseNonRegular(p, "model directory file");
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new InputException(p + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
