package org.nxm.admm.finetune.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nxm.model.io.AtomicOutput;
import org.nxm.model.io.InputException;

/**
 * A directory that remembers finished fine-tuning runs: {@code runs.jsonl}, one JSON object per
 * finished run, appended by rewriting the file to a temporary sibling and moving it into place, so an
 * interrupted grid leaves either the old journal or the new one, never half a line. A run is
 * identified by its {@link #KEY} field (task, method, seed and a digest of every setting), so a grid
 * restarted with the same settings skips what it already did.
 */
public final class Journal {
    public static final String FILE = "runs.jsonl";
    public static final String KEY = "key";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final List<ObjectNode> runs = new ArrayList<>();

    private Journal(Path dir) {
        this.dir = dir;
    }

    /** Opens (or starts) the journal in {@code dir}; a malformed line is an input error naming file and line. */
    public static Journal open(Path dir) {
        Journal j = new Journal(dir);
        Path f = dir.resolve(FILE);
        if (Files.isDirectory(f)) throw new InputException(f + ": is a directory, expected the journal file");
        if (!Files.exists(f)) return j;
        List<String> lines;
        try {
            lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException(f + ": cannot read (" + e.getMessage() + ")");
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            try {
                JsonNode n = JSON.readTree(lines.get(i));
                if (!(n instanceof ObjectNode o) || !o.hasNonNull(KEY)) throw new InputException(f + ":" + (i + 1) + ": expected a JSON object with a \"key\" field");
                j.runs.add(o);
            } catch (JsonProcessingException e) {
                throw new InputException(f + ":" + (i + 1) + ": not a JSON object (" + e.getOriginalMessage() + ")");
            }
        }
        return j;
    }

    public Path dir() { return dir; }

    public boolean contains(String key) {
        return runs.stream().anyMatch(r -> r.get(KEY).asText().equals(key));
    }

    /** Every finished run, in the order they finished. */
    public List<ObjectNode> runs() { return List.copyOf(runs); }

    /** Appends one finished run (must carry {@link #KEY}) and writes the journal atomically. */
    public void append(ObjectNode run) {
        if (!run.hasNonNull(KEY)) throw new IllegalArgumentException("a journal entry needs a key");
        runs.add(run);
        StringBuilder sb = new StringBuilder();
        try {
            for (ObjectNode r : runs) sb.append(JSON.writeValueAsString(r)).append('\n');
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        AtomicOutput.writeString(dir.resolve(FILE), sb.toString());
    }

    static ObjectMapper json() { return JSON; }
}
