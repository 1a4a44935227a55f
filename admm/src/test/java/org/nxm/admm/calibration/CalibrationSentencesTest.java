package org.nxm.admm.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.model.data.DataDir;
import org.nxm.model.io.InputException;

class CalibrationSentencesTest {
    @Test
    void heldoutIsTheLastRowsOfStsbTrainAndNeverCalibrates() throws Exception {
        Path train = DataDir.file(null, "glue/sts-b/train.tsv");
        List<String> lines = Files.readAllLines(train);
        CalibrationSentences.Split split = CalibrationSentences.split(train);
        assertEquals(2 * CalibrationSentences.HELDOUT_ROWS, split.heldout().size());
        int firstHeld = lines.size() - CalibrationSentences.HELDOUT_ROWS;
        assertEquals(lines.get(firstHeld).split("\t")[7], split.heldout().get(0));
        assertEquals(lines.get(lines.size() - 1).split("\t")[8], split.heldout().get(split.heldout().size() - 1));
        Set<String> held = new HashSet<>(split.heldout());
        // The largest calibration set of the table, and the whole pool: no held-out text in either.
        for (String s : split.calibration(2048)) assertFalse(held.contains(s), s);
        for (String s : split.pool()) assertFalse(held.contains(s), s);
        // The pool is the rows before the held-out ones, in file order, so the first sentences are unchanged.
        assertEquals(lines.get(1).split("\t")[7], split.pool().get(0));
        assertTrue(split.pool().size() <= 2 * (firstHeld - 1));
        assertTrue(assertThrows(InputException.class, () -> split.calibration(split.pool().size() + 1)).getMessage().contains("fewer"));
    }

    @Test
    void userCalibrationTextIsOneSentencePerLine(@TempDir Path dir) throws Exception {
        Path ok = Files.writeString(dir.resolve("ok.txt"), "\uFEFFFirst sentence.\r\n\n   \nSecond one, with café.  \n");
        assertEquals(List.of("First sentence.", "Second one, with café."), CalibrationSentences.fromLines(ok));

        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        Path blank = Files.writeString(dir.resolve("blank.txt"), "\n  \n\n");
        Path nul = Files.write(dir.resolve("nul.bin"), "text\nmore\u0000bytes".getBytes(StandardCharsets.UTF_8));
        Path latin = Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
        for (Path p : List.of(empty, blank, nul, latin, dir.resolve("missing.txt"))) {
            InputException e = assertThrows(InputException.class, () -> CalibrationSentences.fromLines(p));
            assertTrue(e.getMessage().startsWith(p.toString()) && !e.getMessage().contains("\n"), e.getMessage());
        }
        assertTrue(assertThrows(InputException.class, () -> CalibrationSentences.fromLines(nul)).getMessage().contains(":2: NUL byte"));
    }
}
