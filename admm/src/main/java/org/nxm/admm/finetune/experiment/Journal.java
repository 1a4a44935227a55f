package org.nxm.admm.finetune.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.nxm.model.io.AtomicOutput;
import org.nxm.model.io.InputException;

/**
 * A directory that remembers finished fine-tuning runs: {@code runs.jsonl}, one JSON object per
 * finished run, appended by rewriting the file to a temporary sibling and moving it into place, so an
 * interrupted grid leaves either the old journal or the new one, never half a line. A run is
 * identified by its {@link #KEY} field (task, method, seed and a digest of every setting), so a grid
 * restarted with the same settings skips what it already did. Several worker processes may share a
 * journal: appends re-read the file under a lock, and {@link #claim} keeps two workers off one run.
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
        j.reload();
        return j;
    }

    /** Reads the file again: runs other processes appended since are seen (several workers may share a journal). */
    private void reload() {
        runs.clear();
        Path f = dir.resolve(FILE);
        if (Files.isDirectory(f)) throw new InputException(f + ": is a directory, expected the journal file");
        if (!Files.exists(f)) return;
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
                runs.add(o);
            } catch (JsonProcessingException e) {
                throw new InputException(f + ":" + (i + 1) + ": not a JSON object (" + e.getOriginalMessage() + ")");
            }
        }
    }

    public Path dir() { return dir; }

    /** The finished run with this key, as the file holds it now, or null. */
    public synchronized ObjectNode find(String key) {
        reload();
        for (ObjectNode r : runs) if (r.get(KEY).asText().equals(key)) return r;
        return null;
    }

    public boolean contains(String key) {
        return find(key) != null;
    }

    /** Every finished run, in the order they finished (as the file holds them now). */
    public synchronized List<ObjectNode> runs() {
        reload();
        return List.copyOf(runs);
    }

    /**
     * Appends one finished run (must carry {@link #KEY}): under an exclusive lock on {@code runs.lock},
     * reads the file again (another worker may have appended), adds the run unless its key is there,
     * and writes the journal atomically.
     */
    public synchronized void append(ObjectNode run) {
        if (!run.hasNonNull(KEY)) throw new IllegalArgumentException("a journal entry needs a key");
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(dir.resolve("runs.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = ch.lock()) {
                reload();
                if (runs.stream().anyMatch(r -> r.get(KEY).asText().equals(run.get(KEY).asText()))) return;
                runs.add(run);
                StringBuilder sb = new StringBuilder();
                for (ObjectNode r : runs) sb.append(JSON.writeValueAsString(r)).append('\n');
                AtomicOutput.writeString(dir.resolve(FILE), sb.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot append to the journal (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Rewrites every run's key with {@code rule} (e.g. after the key rule changed), under the append
     * lock and atomically. Two runs that get one key ran the same computation; the first is kept and
     * the later ones are dropped (returned as the value {@code null}). Returns old key → new key, in
     * journal order.
     */
    public synchronized Map<String, String> rekey(Function<ObjectNode, String> rule) {
        Map<String, String> changes = new LinkedHashMap<>();
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(dir.resolve("runs.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = ch.lock()) {
                reload();
                List<ObjectNode> kept = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                for (ObjectNode r : runs) {
                    String old = r.get(KEY).asText(), now = rule.apply(r);
                    if (!seen.add(now)) {
                        changes.put(old, null);
                        continue;
                    }
                    changes.put(old, now);
                    ObjectNode copy = r.deepCopy();
                    copy.put(KEY, now);
                    kept.add(copy);
                }
                StringBuilder sb = new StringBuilder();
                for (ObjectNode r : kept) sb.append(JSON.writeValueAsString(r)).append('\n');
                if (Files.exists(dir.resolve(FILE)) || !kept.isEmpty()) AtomicOutput.writeString(dir.resolve(FILE), sb.toString());
                runs.clear();
                runs.addAll(kept);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot rewrite the journal (" + e.getMessage() + ")", e);
        }
        return changes;
    }

    /**
     * Claims a run for this process (a file {@code claims/<key>} holding its pid, created only if
     * absent): false when a live process holds the claim, so parallel workers sharing the journal take
     * different runs. A claim whose process is gone (an interrupted worker) is taken over.
     */
    public boolean claim(String key) {
        Path c = claimFile(key);
        long me = ProcessHandle.current().pid();
        try {
            Files.createDirectories(c.getParent());
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    Files.writeString(c, Long.toString(me), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    return true;
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    long holder;
                    try {
                        holder = Long.parseLong(Files.readString(c).trim());
                    } catch (NumberFormatException | IOException bad) {
                        holder = -1;
                    }
                    if (holder == me) return true;
                    if (holder > 0 && ProcessHandle.of(holder).map(ProcessHandle::isAlive).orElse(false)) return false;
                    Files.deleteIfExists(c); // stale: its worker is gone
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(c + ": cannot claim the run (" + e.getMessage() + ")", e);
        }
    }

    /** Drops this process's claim (after the run is journaled, or when it failed). */
    public void release(String key) {
        try {
            Files.deleteIfExists(claimFile(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path claimFile(String key) {
        return dir.resolve("claims").resolve(key.replace('/', '-'));
    }

    static ObjectMapper json() { return JSON; }
}
