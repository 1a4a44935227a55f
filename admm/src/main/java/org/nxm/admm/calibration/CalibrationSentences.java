package org.nxm.admm.calibration;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nxm.model.data.GlueTsv;
import org.nxm.model.io.InputException;

/**
 * Calibration sentences, and the held-out sentences that judge how a pruned model transfers.
 *
 * <p>From the STS-B train split (GLUE TSV: a header, then 10 tab-separated fields with sentence1 and
 * sentence2 in fields 8 and 9), sentences are read in file order, sentence1 then sentence2 of each row.
 * The last {@link #HELDOUT_ROWS} rows are the held-out set (256 sentences for STS-B train's 5,749 rows:
 * rows 5,622–5,749, file lines 5,623–5,750); calibration draws only from the rows before them and skips
 * any sentence whose text also occurs in the held-out set, so the two never share a sentence. Evaluation
 * (dev) sentences never calibrate.
 *
 * <p>A user's own calibration text ({@code --calib-data}): one sentence per line, UTF-8, blank lines skipped.
 */
public final class CalibrationSentences {
    public static final int STSB_FIELDS = 10;
    /** Rows at the end of the STS-B train file kept out of calibration (two sentences each). */
    public static final int HELDOUT_ROWS = 128;

    private CalibrationSentences() {}

    /** STS-B train split into the calibration pool (file order) and the held-out sentences; disjoint by text. */
    public record Split(Path file, List<String> pool, List<String> heldout) {
        /** The first {@code count} sentences of the pool. */
        public List<String> calibration(int count) {
            if (count < 1) throw new InputException("--calib " + count + ": expected at least 1 calibration sentence");
            if (pool.size() < count) {
                throw new InputException(file + ": holds " + pool.size() + " calibration sentences (before the " + heldout.size()
                        + " held-out ones), fewer than the " + count + " requested by --calib");
            }
            return List.copyOf(pool.subList(0, count));
        }
    }

    /** Reads an STS-B train TSV and splits it; a file too short to hold the held-out rows and one more is an input error. */
    public static Split split(Path file) {
        List<GlueTsv.SentencePair> pairs = GlueTsv.stsb(file);
        if (pairs.size() <= HELDOUT_ROWS) {
            throw new InputException(file + ": " + pairs.size() + " sentence pairs; expected more than the " + HELDOUT_ROWS
                    + " held-out rows (an STS-B train TSV: a header line, then rows of " + STSB_FIELDS + " tab-separated fields)");
        }
        int first = pairs.size() - HELDOUT_ROWS;
        List<String> heldout = new ArrayList<>(2 * HELDOUT_ROWS);
        for (GlueTsv.SentencePair p : pairs.subList(first, pairs.size())) {
            heldout.add(requireText(file, p, p.first()));
            heldout.add(requireText(file, p, p.second()));
        }
        Set<String> held = new HashSet<>(heldout);
        List<String> pool = new ArrayList<>(2 * first);
        for (GlueTsv.SentencePair p : pairs.subList(0, first)) {
            for (String s : new String[] {p.first(), p.second()}) {
                if (!held.contains(requireText(file, p, s))) pool.add(s);
            }
        }
        return new Split(file, List.copyOf(pool), List.copyOf(heldout));
    }

    /** The first {@code count} calibration sentences of an STS-B train TSV (never a held-out one). */
    public static List<String> fromStsb(Path file, int count) {
        if (count < 1) throw new InputException("--calib " + count + ": expected at least 1 calibration sentence");
        return split(file).calibration(count);
    }

    /** The held-out sentences of an STS-B train TSV. */
    public static List<String> heldout(Path file) {
        return split(file).heldout();
    }

    private static String requireText(Path file, GlueTsv.SentencePair p, String s) {
        if (s.isBlank()) throw new InputException(file + ":" + p.line() + ": empty sentence");
        return s;
    }

    /**
     * A user's calibration text: one sentence per line (UTF-8; blank lines skipped; trailing spaces kept
     * off). An empty file, a binary file (a NUL byte or bytes that are not UTF-8) or one without any
     * sentence is an input error naming the file (and the line of the first bad byte).
     */
    public static List<String> fromLines(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": file not found");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (bytes.length == 0) throw new InputException(file + ": empty file, expected one calibration sentence per line");
        int line = 1;
        for (byte b : bytes) {
            if (b == 0) throw new InputException(file + ":" + line + ": NUL byte, this looks like a binary file; expected UTF-8 text, one sentence per line");
            if (b == '\n') line++;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InputException(file + ": not valid UTF-8 text (a binary file?); expected one sentence per line");
        }
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        List<String> out = new ArrayList<>();
        for (String s : text.split("\r?\n")) {
            String t = s.strip();
            if (!t.isEmpty()) out.add(t);
        }
        if (out.isEmpty()) throw new InputException(file + ": no sentences (only blank lines); expected one calibration sentence per line");
        return out;
    }
}
