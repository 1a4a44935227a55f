package org.nxm.simulator.sweep;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nxm.model.io.AtomicOutput;
import org.nxm.model.io.InputException;

/**
 * Makes a sweep resumable. Each finished point is appended as one CSV line to {@code OUT.partial}
 * and flushed, so a sweep killed midway loses at most the line being written (a torn last line is
 * dropped on resume). When every point is done the rows are written to {@code OUT} in grid order
 * through a temporary file, and the journal is removed: {@code OUT} itself is never half-written.
 *
 * <p>Rows are keyed by the value of the {@code key} column, a canonical string of the point's
 * parameters. Rows already in a finished {@code OUT} count as done too, so extending a grid only
 * runs the new points.
 */
public final class SweepJournal implements AutoCloseable {
    private final Path out;
    private final Path partial;
    private final List<String> columns;
    private final Map<String, String> doneRows = new LinkedHashMap<>();
    private BufferedWriter appender;

    public SweepJournal(Path out, List<String> columns) {
        if (!columns.contains("key")) throw new IllegalArgumentException("columns must include 'key'");
        this.out = out;
        this.partial = out.resolveSibling(out.getFileName() + ".partial");
        this.columns = List.copyOf(columns);
        load(out);
        load(partial);
    }

    private void load(Path file) {
        if (!Files.exists(file)) return;
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read earlier sweep results (" + e.getMessage() + ")");
        }
        if (lines.isEmpty()) return;
        String header = String.join(",", columns);
        if (!lines.get(0).equals(header)) {
            throw new InputException(file + ": line 1: header differs from this sweep's columns; "
                    + "move the file away or pass another --out (expected: " + header + ")");
        }
        int keyIndex = columns.indexOf("key");
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            String[] cells = Csv.split(line);
            // A torn line (killed mid-write) has fewer cells; the point simply runs again.
            if (cells.length != columns.size()) continue;
            doneRows.put(cells[keyIndex], line);
        }
    }

    public synchronized boolean isDone(String key) {
        return doneRows.containsKey(key);
    }

    public int doneCount() {
        return doneRows.size();
    }

    /** Records one finished point; safe to call from several threads. */
    public synchronized void append(Map<String, String> row) {
        String line = Csv.line(columns, row);
        try {
            if (appender == null) {
                Path dir = partial.toAbsolutePath().getParent();
                if (dir != null) Files.createDirectories(dir);
                boolean fresh = !Files.exists(partial) || Files.size(partial) == 0;
                if (!fresh) dropTornTail();
                appender = Files.newBufferedWriter(partial, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                if (fresh) {
                    appender.write(String.join(",", columns));
                    appender.write('\n');
                }
            }
            appender.write(line);
            appender.write('\n');
            appender.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(partial + ": cannot append sweep row (" + e + ")", e);
        }
        doneRows.put(row.get("key"), line);
    }

    /** Records a finished point unless its key is already done; false when it was (a retried task's row). */
    public synchronized boolean appendIfNew(Map<String, String> row) {
        if (doneRows.containsKey(row.get("key"))) return false;
        append(row);
        return true;
    }

    /** Cuts a torn last line so the next append starts on a fresh line. */
    private void dropTornTail() throws IOException {
        byte[] bytes = Files.readAllBytes(partial);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') end--;
        if (end != bytes.length) {
            try (var ch = java.nio.channels.FileChannel.open(partial, StandardOpenOption.WRITE)) {
                ch.truncate(end);
            }
        }
    }

    /** All rows done so far, in the order of {@code keysInOrder} (unknown keys are skipped). */
    public List<String> rowsInOrder(List<String> keysInOrder) {
        List<String> rows = new ArrayList<>();
        for (String k : keysInOrder) {
            String row = doneRows.get(k);
            if (row != null) rows.add(row);
        }
        return rows;
    }

    /** Writes the complete CSV atomically, removes the journal, and returns the rows written (without the header). */
    public synchronized List<String> finish(List<String> keysInOrder) {
        return finish(keysInOrder, rows -> rows);
    }

    /** As {@link #finish(List)}, the rows passed through {@code complete} (which fills columns known only at the end). */
    public synchronized List<String> finish(List<String> keysInOrder, java.util.function.UnaryOperator<List<String>> complete) {
        closeAppender();
        List<String> rows = complete.apply(rowsInOrder(keysInOrder));
        StringBuilder sb = new StringBuilder(String.join(",", columns)).append('\n');
        for (String row : rows) sb.append(row).append('\n');
        AtomicOutput.writeString(out, sb.toString());
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            throw new UncheckedIOException(partial + ": cannot remove journal", e);
        }
        return rows;
    }

    private void closeAppender() {
        if (appender != null) {
            try {
                appender.close();
            } catch (IOException e) {
                throw new UncheckedIOException(partial + ": cannot close journal", e);
            }
            appender = null;
        }
    }

    @Override
    public synchronized void close() {
        closeAppender();
    }

    /** Minimal CSV for our own rows: cells never contain commas or quotes except the quoted key. */
    static final class Csv {
        private Csv() {}

        static String line(List<String> columns, Map<String, String> row) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) sb.append(',');
                String v = row.getOrDefault(columns.get(i), "");
                if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0) {
                    sb.append('"').append(v.replace("\"", "\"\"")).append('"');
                } else {
                    sb.append(v);
                }
            }
            return sb.toString();
        }

        static String[] split(String line) {
            List<String> cells = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cur.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    cells.add(cur.toString());
                    cur.setLength(0);
                } else {
                    cur.append(c);
                }
            }
            if (quoted) return new String[0]; // torn inside a quoted cell
            cells.add(cur.toString());
            return cells.toArray(new String[0]);
        }
    }
}
