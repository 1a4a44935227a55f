package org.nxm.model.io.hf;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nxm.model.io.InputException;
import org.nxm.model.io.safetensors.SafeTensor;
import org.nxm.model.io.safetensors.SafetensorsFile;
import org.nxm.model.io.safetensors.SafetensorsWriter;
import org.nxm.model.numeric.DType;
import org.nxm.model.tensor.Tensor;
import org.nxm.model.transformer.CheckpointLayout;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.model.transformer.TransformerWeights;

/**
 * Between a checkpoint's tensors (source names, any float dtype, extra tensors) and {@link TransformerWeights}.
 * Reading finds the encoder's name prefix from where {@code embeddings.word_embeddings.weight} sits,
 * converts the encoder tensors to float32 (checked against the config's shapes) and keeps every other
 * tensor aside as read: memory-mapped, never copied, written back byte for byte. Writing puts every tensor
 * back under its source name, in source order and dtype.
 */
public final class CheckpointTensors {
    static final String WORD_EMBEDDINGS = "embeddings.word_embeddings.weight";

    private CheckpointTensors() {}

    /** The tensors of a single file or of every shard a {@code model.safetensors.index.json} names, in order, with the file each came from. */
    public static Map<String, Located> open(Path weightsFile) {
        Map<String, Located> all = new LinkedHashMap<>();
        if (weightsFile.getFileName().toString().endsWith(".index.json")) {
            JsonNode root;
            org.nxm.model.io.InputFiles.refuseNonRegular(weightsFile, "shard index");
            try {
                root = HfConfig.JSON.readTree(Files.readAllBytes(weightsFile));
            } catch (IOException e) {
                throw new InputException(weightsFile + ": cannot read the shard index (" + e.getMessage().split("\n")[0] + ")", e);
            }
            JsonNode map = root == null ? null : root.get("weight_map");
            if (map == null || !map.isObject() || map.isEmpty()) {
                throw new InputException(weightsFile + ": missing key weight_map (expected tensor name -> shard file)");
            }
            Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
            map.fields().forEachRemaining(e -> {
                String shard = e.getValue().asText();
                if (shard.contains("/") || shard.contains("\\")) {
                    throw new InputException(weightsFile + ": weight_map." + e.getKey() + " is '" + shard + "', expected a file name beside the index");
                }
                shards.computeIfAbsent(shard, s -> SafetensorsFile.open(weightsFile.resolveSibling(s)));
            });
            for (SafetensorsFile f : shards.values()) {
                for (SafeTensor t : f.tensors()) {
                    if (!map.has(t.name())) {
                        throw new InputException(f.path() + ": tensor " + t.name() + " is not listed in " + weightsFile.getFileName() + "'s weight_map");
                    }
                    all.put(t.name(), new Located(t, f.path()));
                }
            }
            map.fieldNames().forEachRemaining(n -> {
                if (!all.containsKey(n)) throw new InputException(weightsFile + ": weight_map lists " + n + " but its shard does not hold it");
            });
        } else {
            SafetensorsFile f = SafetensorsFile.open(weightsFile);
            for (SafeTensor t : f.tensors()) all.put(t.name(), new Located(t, f.path()));
        }
        return all;
    }

    /** A tensor and the file it is in (for messages). */
    public record Located(SafeTensor tensor, Path file) {}

    /** Splits {@code tensors} into the encoder's (converted, shape-checked) and the ones kept aside. */
    public static TransformerWeights toWeights(TransformerConfig config, Map<String, Located> tensors, Path configFile, String source) {
        String prefix = prefix(tensors.keySet(), source);
        Map<String, int[]> expected = config.tensorShapes();
        Map<String, Tensor> core = new LinkedHashMap<>();
        Map<String, DType> dtypes = new LinkedHashMap<>();
        Map<String, SafeTensor> extras = new LinkedHashMap<>();
        for (Map.Entry<String, Located> e : tensors.entrySet()) {
            String name = e.getKey();
            SafeTensor t = e.getValue().tensor();
            String inner = name.startsWith(prefix) ? name.substring(prefix.length()) : null;
            int[] shape = inner == null ? null : expected.get(inner);
            if (shape == null) { extras.put(name, t); continue; }
            if (!Arrays.equals(shape, t.shape())) {
                throw new InputException(e.getValue().file() + ": tensor " + name + " has shape " + Arrays.toString(t.shape()) + ", expected "
                        + Arrays.toString(shape) + " from " + configFile + " (hidden_size " + config.hidden() + ", intermediate_size "
                        + config.intermediate() + ", vocab_size " + config.vocabSize() + ")");
            }
            if (!t.dtype().isFloating()) {
                throw new InputException(e.getValue().file() + ": tensor " + name + " has dtype " + t.dtype() + ", expected F32, F16 or BF16");
            }
            core.put(inner, new Tensor(shape, t.toFloatArray()));
            dtypes.put(inner, t.dtype());
        }
        for (String name : expected.keySet()) {
            if (!core.containsKey(name)) {
                throw new InputException(source + ": missing tensor " + prefix + name + " (expected shape "
                        + Arrays.toString(expected.get(name)) + " from " + configFile + ")");
            }
        }
        CheckpointLayout layout = new CheckpointLayout(prefix, new ArrayList<>(tensors.keySet()), dtypes, extras);
        return new TransformerWeights(config, core, source, layout);
    }

    /** The prefix before {@code embeddings.word_embeddings.weight} (e.g. {@code bert.}); one input-error line if there is none. */
    static String prefix(Iterable<String> names, String source) {
        String found = null;
        for (String n : names) {
            if (n.equals(WORD_EMBEDDINGS)) return "";
            if (n.endsWith("." + WORD_EMBEDDINGS) && found == null) found = n.substring(0, n.length() - WORD_EMBEDDINGS.length());
        }
        if (found == null) {
            throw new InputException(source + ": no tensor " + WORD_EMBEDDINGS + " (with or without a prefix such as bert.): not a BERT-family checkpoint");
        }
        return found;
    }

    /**
     * Every tensor of {@code w} under its source name, in source order and dtype with the tensors kept aside
     * (for weights built in memory: the encoder's tensors in config order as float32). Each encoder tensor is
     * converted to bytes only when the writer reaches it ({@link SafetensorsWriter#writeDeferred}); kept
     * tensors stay memory-mapped.
     */
    public static List<SafetensorsWriter.Deferred> toDeferred(TransformerWeights w) {
        CheckpointLayout layout = w.layout();
        List<SafetensorsWriter.Deferred> out = new ArrayList<>();
        java.util.Set<String> done = new java.util.HashSet<>();
        java.util.LinkedHashSet<String> order = new java.util.LinkedHashSet<>(layout.order());
        for (String inner : w.tensors().keySet()) order.add(layout.sourceName(inner));
        for (String source : order) {
            SafeTensor extra = layout.extras().get(source);
            if (extra != null) {
                out.add(new SafetensorsWriter.Deferred(source, extra.dtype(), extra.shape(), () -> extra));
                continue;
            }
            String inner = layout.encoderName(source);
            if (!done.add(inner)) continue;
            out.add(new SafetensorsWriter.Deferred(source, layout.dtype(inner), w.tensor(inner).shape(), () -> encoderTensor(w, inner, source)));
        }
        return out;
    }

    private static SafeTensor encoderTensor(TransformerWeights w, String inner, String source) {
        Tensor t = w.tensor(inner);
        return SafeTensor.ofFloats(source, t.shape(), t.data(), w.layout().dtype(inner));
    }
}
