package org.nxm.model.io.hf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.nxm.model.io.InputException;
import org.nxm.model.io.safetensors.SafetensorsWriter;
import org.nxm.model.transformer.EncoderModel;

/**
 * Writes an {@link EncoderModel} as a Hugging Face model directory that {@code from_pretrained} (transformers)
 * and {@code SentenceTransformer(dir)} load: {@code config.json} (the source's verbatim, else one for a
 * {@code BertModel}), {@code model.safetensors} (every tensor under its source name, dtype and order; tensors
 * kept aside byte for byte; {@code __metadata__.format = pt} as transformers requires), the tokenizer files
 * as read, and sentence-transformers' {@code modules.json} + {@code 1_Pooling/config.json} for the pooling.
 * Everything goes to a temporary sibling directory that is moved into place at the end: a failure leaves
 * nothing behind. An existing non-empty target is refused.
 */
public final class HfModelWriter {
    private HfModelWriter() {}

    public static void write(EncoderModel model, Path dir, Map<String, String> metadata) {
        Path target = dir.toAbsolutePath().normalize();
        if (Files.exists(target) && !isEmptyDirectory(target)) {
            throw new InputException(dir + ": exists and is not an empty directory (choose a new output directory)");
        }
        Path parent = target.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(parent);
            tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".");
            Map<String, byte[]> files = new LinkedHashMap<>(model.sideFiles());
            files.putIfAbsent("config.json", HfConfig.write(model.config()));
            files.putAll(SentenceTransformersPooling.files(model.pooling(), model.config().hidden()));
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path p = tmp.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.write(p, f.getValue());
            }
            if (model.pooling().normalize()) Files.createDirectories(tmp.resolve("2_Normalize"));
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", "pt");
            meta.putAll(metadata);
            SafetensorsWriter.writeDeferred(tmp.resolve("model.safetensors"), CheckpointTensors.toDeferred(model.weights()), meta);
            if (Files.exists(target)) Files.delete(target); // an empty directory
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot write (" + e.getMessage() + ")", e);
        } finally {
            if (tmp != null) deleteTree(tmp);
        }
    }

    private static boolean isEmptyDirectory(Path p) {
        if (!Files.isDirectory(p)) return false;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(p)) {
            return !s.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try { Files.deleteIfExists(p); } catch (IOException ignored) { /* best effort */ }
            });
        } catch (IOException ignored) {
            // best effort: a leftover hidden temp directory is harmless
        }
    }
}
