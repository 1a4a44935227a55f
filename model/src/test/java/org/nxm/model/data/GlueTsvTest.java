package org.nxm.model.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.model.io.InputException;

class GlueTsvTest {
    @TempDir Path dir;

    @Test
    void readsTheRealDevSets() {
        List<GlueTsv.SentencePair> stsb = GlueTsv.stsb(DataDir.file(null, "glue/sts-b/dev.tsv"));
        assertEquals(1500, stsb.size());
        assertEquals("A man with a hard hat is dancing.", stsb.get(0).first());
        assertEquals("A man wearing a hard hat is dancing.", stsb.get(0).second());
        assertEquals(5.0, stsb.get(0).score());
        assertEquals(2, stsb.get(0).line());
        List<GlueTsv.LabeledSentence> sst2 = GlueTsv.sst2(DataDir.file(null, "glue/sst-2/dev.tsv"));
        assertEquals(872, sst2.size());
        assertEquals(1, sst2.get(0).label());
        // MRPC starts with a byte-order mark and has unbalanced quotes: tab-split only.
        GlueTsv.Table mrpcTable = GlueTsv.read(DataDir.file(null, "glue/mrpc/dev.tsv"), 5);
        assertEquals("Quality", mrpcTable.header().get(0));
        List<GlueTsv.SentencePair> mrpc = GlueTsv.mrpc(DataDir.file(null, "glue/mrpc/dev.tsv"));
        assertEquals(408, mrpc.size());
        assertTrue(mrpc.get(0).second().startsWith("\"The foodservice"));
        assertEquals(1.0, mrpc.get(0).score());
    }

    @Test
    void wrongFieldCountNamesFileAndLine() throws Exception {
        Path f = dir.resolve("bad.tsv");
        Files.writeString(f, "sentence\tlabel\ngood one\t1\nno label here\nx\t0\n", StandardCharsets.UTF_8);
        InputException e = assertThrows(InputException.class, () -> GlueTsv.sst2(f));
        assertEquals(f + ":3: expected 2 tab-separated fields, found 1", e.getMessage());
    }

    @Test
    void badNumberAndMissingFile() throws Exception {
        Path f = dir.resolve("bad.tsv");
        Files.writeString(f, "\uFEFFsentence\tlabel\ngood\tmaybe\n", StandardCharsets.UTF_8);
        InputException e = assertThrows(InputException.class, () -> GlueTsv.sst2(f));
        assertEquals(f + ":2: field 2 (label): expected 0 or 1, found 'maybe'", e.getMessage());
        Path missing = dir.resolve("missing.tsv");
        e = assertThrows(InputException.class, () -> GlueTsv.stsb(missing));
        assertEquals(missing + ": file not found", e.getMessage());
    }
}
