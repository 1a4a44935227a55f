package org.nxm.model.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nxm.model.io.InputException;
import org.nxm.model.io.InputFiles;

/**
 * GLUE's tab-separated files as distributed: UTF-8 (a leading byte-order mark is dropped), one header
 * row, fields split on tabs only — no CSV quoting, so a {@code "} is an ordinary character (MRPC has
 * unbalanced quotes). A row with the wrong number of fields is an input error naming file and line.
 */
public final class GlueTsv {
    private GlueTsv() {}

    /** One data row: its 1-based line number in the file and its fields. */
    public record Row(int line, List<String> fields) {
        public String get(int i) { return fields.get(i); }
    }

    public record Table(Path file, List<String> header, List<Row> rows) {}

    /** A sentence pair with a gold score (STS-B similarity 0–5, MRPC 1 = paraphrase). */
    public record SentencePair(String first, String second, double score, int line) {}

    /** A sentence with a class label (SST-2: 1 = positive). */
    public record LabeledSentence(String text, int label, int line) {}

    /** Reads a table whose every row (header included) has exactly {@code fields} tab-separated fields. */
    public static Table read(Path file, int fields) {
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        InputFiles.requireRegular(file, "file");
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (no == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
                if (line.isEmpty() && no > 1) continue; // a trailing blank line is not a row
                List<String> f = split(line);
                if (f.size() != fields) {
                    throw new InputException(file + ":" + no + ": expected " + fields + " tab-separated fields, found " + f.size());
                }
                if (header == null) header = f;
                else rows.add(new Row(no, f));
            }
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": file not found");
        } catch (CharacterCodingException e) {
            // the strict decoder knows the offset: read again to name it
            InputFiles.readText(file, "GLUE file");
            throw new InputException(file + ": not valid UTF-8 text");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (header == null) throw new InputException(file + ": empty file, expected a header row with " + fields + " tab-separated fields");
        return new Table(file, header, rows);
    }

    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int tab = line.indexOf('\t', from);
            if (tab < 0) { out.add(line.substring(from)); return out; }
            out.add(line.substring(from, tab));
            from = tab + 1;
        }
    }

    /** STS-B: index, genre, filename, year, old_index, source1, source2, sentence1, sentence2, score. */
    public static List<SentencePair> stsb(Path file) {
        Table t = read(file, 10);
        List<SentencePair> out = new ArrayList<>(t.rows().size());
        for (Row r : t.rows()) out.add(new SentencePair(r.get(7), r.get(8), number(file, r, 9, "score"), r.line()));
        return out;
    }

    /** SST-2: sentence, label (0 or 1). */
    public static List<LabeledSentence> sst2(Path file) {
        Table t = read(file, 2);
        List<LabeledSentence> out = new ArrayList<>(t.rows().size());
        for (Row r : t.rows()) out.add(new LabeledSentence(r.get(0), label(file, r, 1, "label"), r.line()));
        return out;
    }

    /** MRPC: Quality, #1 ID, #2 ID, #1 String, #2 String; score = Quality (1 = paraphrase). */
    public static List<SentencePair> mrpc(Path file) {
        Table t = read(file, 5);
        List<SentencePair> out = new ArrayList<>(t.rows().size());
        for (Row r : t.rows()) out.add(new SentencePair(r.get(3), r.get(4), label(file, r, 0, "Quality"), r.line()));
        return out;
    }

    private static double number(Path file, Row r, int i, String name) {
        try {
            double v = Double.parseDouble(r.get(i).trim());
            // STS-B gold similarity is graded 0 (unrelated) to 5 (equivalent)
            if (!(v >= 0 && v <= 5)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new InputException(file + ":" + r.line() + ": field " + (i + 1) + " (" + name + "): expected a number from 0 to 5, found "
                    + InputException.quote(r.get(i)));
        }
    }

    private static int label(Path file, Row r, int i, String name) {
        String s = r.get(i).trim();
        if (s.equals("0")) return 0;
        if (s.equals("1")) return 1;
        throw new InputException(file + ":" + r.line() + ": field " + (i + 1) + " (" + name + "): expected 0 or 1, found " + InputException.quote(r.get(i)));
    }
}
