package org.nxm.admm.calibration;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nxm.model.data.GlueTsv;
import org.nxm.model.io.InputException;

/**
 * Calibration sentences from the STS-B train split (GLUE TSV: a header, then 10 tab-separated fields
 * with sentence1 and sentence2 in fields 8 and 9). Sentences are taken in file order, sentence1 then
 * sentence2 of each row. Only a train split belongs here: evaluation sentences never calibrate.
 */
public final class CalibrationSentences {
    public static final int STSB_FIELDS = 10;

    private CalibrationSentences() {}

    /** The first {@code count} sentences of an STS-B train TSV. */
    public static List<String> fromStsb(Path file, int count) {
        if (count < 1) throw new InputException("--calib " + count + ": expected at least 1 calibration sentence");
        List<GlueTsv.SentencePair> pairs = GlueTsv.stsb(file);
        List<String> out = new ArrayList<>(count);
        for (GlueTsv.SentencePair p : pairs) {
            for (String s : new String[] {p.first(), p.second()}) {
                if (out.size() == count) return out;
                if (s.isBlank()) throw new InputException(file + ":" + p.line() + ": empty sentence");
                out.add(s);
            }
        }
        if (out.isEmpty()) {
            throw new InputException(file + ": no calibration sentences (expected an STS-B TSV: a header line, then rows of "
                    + STSB_FIELDS + " tab-separated fields)");
        }
        if (out.size() < count) {
            throw new InputException(file + ": holds " + out.size() + " sentences, fewer than the " + count + " requested by --calib");
        }
        return out;
    }
}
