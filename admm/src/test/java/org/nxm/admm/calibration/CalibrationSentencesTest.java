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
    void heldoutRowsAreSpreadOverStsbTrainAndNeverCalibrate() throws Exception {
        Path train = DataDir.file(null, "glue/sts-b/train.tsv");
        List<String> lines = Files.readAllLines(train);
        int rows = lines.size() - 1;
        int[] held = CalibrationSentences.heldoutRows(rows);
        assertEquals(List.of(22, 67, 112), List.of(held[0], held[1], held[2]));
        assertEquals(5726, held[held.length - 1]);
        CalibrationSentences.Split split = CalibrationSentences.split(train);
        assertEquals(2 * CalibrationSentences.HELDOUT_ROWS, split.heldout().size());
        assertEquals(lines.get(1 + 22).split("\t")[7], split.heldout().get(0));
        assertEquals(lines.get(1 + 5726).split("\t")[8], split.heldout().get(split.heldout().size() - 1));
        Set<String> heldText = new HashSet<>(split.heldout());
        for (String s : split.pool()) assertFalse(heldText.contains(s), s);
        // Nested: a smaller calibration set is the start of a larger one.
        assertEquals(split.calibration(64), split.calibration(2048).subList(0, 64));
        // The file is sorted by source (1,000 rows of MSRvid captions first); a 256-sentence sample must reach
        // at least five of its six sources (rows 0-999, 1000-1999, 2000-2449, 2450-3449, 3450-3749, 3750-).
        int[] starts = {0, 1000, 2000, 2450, 3450, 3750};
        java.util.Map<String, Integer> source = new java.util.HashMap<>();
        for (int r = 0; r < rows; r++) {
            int src = 0;
            while (src + 1 < starts.length && r >= starts[src + 1]) src++;
            String[] f = lines.get(1 + r).split("\t");
            source.putIfAbsent(f[7], src);
            source.putIfAbsent(f[8], src);
        }
        Set<Integer> reached = new HashSet<>();
        for (String s : split.calibration(256)) reached.add(source.get(s));
        assertTrue(reached.size() >= 5, "sources reached by 256 calibration sentences: " + reached);
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
