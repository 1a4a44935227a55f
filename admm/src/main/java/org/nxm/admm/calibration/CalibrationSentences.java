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
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.nxm.model.data.GlueTsv;
import org.nxm.model.io.InputException;

/**
 * Calibration sentences, and the held-out sentences that judge how a pruned model transfers.
 *
 * <p>From the STS-B train split (GLUE TSV: a header, then 10 tab-separated fields with sentence1 and
 * sentence2 in fields 8 and 9). The file is sorted by source — 1,000 rows of MSRvid video captions
 * first, then image captions, forums, MSRpar, news and headlines — so its first rows are one narrow
 * genre; calibration therefore draws a seeded random sample across the whole file, and the held-out set
 * is spread over it too:
 * <ul>
 *   <li>held out: {@link #HELDOUT_ROWS} rows evenly spaced through the file, data row ⌊(k + ½)·R/128⌋
 *       (0-based, R rows, k = 0…127; for STS-B train's 5,749 rows: rows 22, 67, 112, …, 5726), both
 *       sentences of each: 256 sentences;</li>
 *   <li>calibration pool: both sentences of every other row, minus any sentence whose text also occurs
 *       among the held-out ones (so the two never share a sentence), shuffled with a fixed seed
 *       ({@link #SEED}); {@code --calib N} takes the first N, so smaller sets are nested in larger ones.</li>
 * </ul>
 * Evaluation (dev) sentences never calibrate.
 *
 * <p>A user's own calibration text ({@code --calib-data}): one sentence per line, UTF-8, blank lines skipped.
 */
public final class CalibrationSentences {
    public static final int STSB_FIELDS = 10;
    /** Rows of the STS-B train file kept out of calibration (two sentences each), evenly spaced through it. */
    public static final int HELDOUT_ROWS = 128;
    /** Seed of the calibration pool's shuffle. */
    public static final long SEED = 42;

    private CalibrationSentences() {}

    /** STS-B train split into the calibration pool (seeded random order) and the held-out sentences; disjoint by text. */
    public record Split(Path file, List<String> pool, List<String> heldout) {
        /** The first {@code count} sentences of the pool. */
        public List<String> calibration(int count) {
            if (count < 1) throw new InputException("--calib " + count + ": expected at least 1 calibration sentence");
            if (pool.size() < count) {
                throw new InputException(file + ": holds " + pool.size() + " calibration sentences (besides the " + heldout.size()
                        + " held-out ones), fewer than the " + count + " requested by --calib");
            }
            return List.copyOf(pool.subList(0, count));
        }
    }

    /** The 0-based data rows held out of a file of {@code rows} rows: ⌊(k + ½)·rows/HELDOUT_ROWS⌋. */
    public static int[] heldoutRows(int rows) {
        int[] r = new int[HELDOUT_ROWS];
        for (int k = 0; k < HELDOUT_ROWS; k++) r[k] = (int) ((2L * k + 1) * rows / (2L * HELDOUT_ROWS));
        return r;
    }

    /** Reads an STS-B train TSV and splits it; a file too short to hold the held-out rows and one more is an input error. */
    public static Split split(Path file) {
        List<GlueTsv.SentencePair> pairs = GlueTsv.stsb(file);
        if (pairs.size() <= HELDOUT_ROWS) {
            throw new InputException(file + ": " + pairs.size() + " sentence pairs; expected more than the " + HELDOUT_ROWS
                    + " held-out rows (an STS-B train TSV: a header line, then rows of " + STSB_FIELDS + " tab-separated fields)");
        }
        boolean[] isHeld = new boolean[pairs.size()];
        List<String> heldout = new ArrayList<>(2 * HELDOUT_ROWS);
        for (int r : heldoutRows(pairs.size())) {
            GlueTsv.SentencePair p = pairs.get(r);
            isHeld[r] = true;
            heldout.add(requireText(file, p, p.first()));
            heldout.add(requireText(file, p, p.second()));
        }
        Set<String> held = new HashSet<>(heldout);
        List<String> pool = new ArrayList<>(2 * pairs.size());
        for (int r = 0; r < pairs.size(); r++) {
            if (isHeld[r]) continue;
            GlueTsv.SentencePair p = pairs.get(r);
            for (String s : new String[] {p.first(), p.second()}) {
                if (!held.contains(requireText(file, p, s))) pool.add(s);
            }
        }
        Collections.shuffle(pool, new Random(SEED));
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
        org.nxm.model.io.InputFiles.refuseNonRegular(file, "calibration text file");
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
