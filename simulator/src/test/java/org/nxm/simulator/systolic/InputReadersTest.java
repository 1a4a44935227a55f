package org.nxm.simulator.systolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.model.io.InputException;

class InputReadersTest {
    @TempDir
    Path tmp;

    @Test
    void readsEveryCaseConfig() {
        for (ScaleSimCase c : ScaleSimCase.all()) {
            SystolicConfig cfg = c.config();
            assertEquals(c.expected().get("config").get("array_rows").asInt(), cfg.rows(), c.name());
            assertEquals(c.expected().get("config").get("array_cols").asInt(), cfg.cols(), c.name());
            assertEquals(c.expected().get("config").get("dataflow").asText(), cfg.dataflow().scaleSimName(), c.name());
            assertEquals(c.name().contains("user"), cfg.userBandwidth(), c.name());
        }
    }

    @Test
    void gemmHeaderIsDetectedAndTrailingCommaOptional() throws IOException {
        Path t = tmp.resolve("t.csv");
        Files.writeString(t, "Layer, M, N, K\nqkv, 128, 768, 768\n\n");
        List<Layer> ls = TopologyReader.read(t, false);
        assertEquals(1, ls.size());
        assertEquals(128, ls.get(0).m());
        assertEquals(768, ls.get(0).n());
        assertEquals(768, ls.get(0).k());
        assertNull(ls.get(0).sparsity());
    }

    @Test
    void depthwiseRowsExpandPerChannelAsScaleSimDoes() throws IOException {
        Path t = tmp.resolve("dw.csv");
        Files.writeString(t, "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
                + "DP1, 8, 8, 3, 3, 3, 1, 1,\n");
        List<Layer> ls = TopologyReader.read(t, false);
        assertEquals(3, ls.size());
        assertEquals("DP1Channel_2", ls.get(2).name());
        assertEquals(9, ls.get(0).k());
    }

    @Test
    void sparsityMustDivideK() throws IOException {
        Path t = tmp.resolve("s.csv");
        Files.writeString(t, "Layer,M,N,K,Sparsity,\ng,8,8,10,2:4,\n");
        InputException e = assertThrows(InputException.class, () -> TopologyReader.read(t, true));
        assertTrue(e.getMessage().contains("s.csv:2") && e.getMessage().contains("Sparsity"), e.getMessage());
    }

    @Test
    void filterLargerThanIfmapIsRejected() throws IOException {
        Path t = tmp.resolve("c.csv");
        Files.writeString(t, "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
                + "c, 4, 4, 5, 5, 3, 8, 1,\n");
        InputException e = assertThrows(InputException.class, () -> TopologyReader.read(t, false));
        assertTrue(e.getMessage().contains("c.csv:2"), e.getMessage());
    }

    @Test
    void missingConfigFileIsOneLine() {
        InputException e = assertThrows(InputException.class, () -> ScaleSimConfigReader.read(tmp.resolve("none.cfg")));
        assertTrue(e.getMessage().contains("none.cfg") && !e.getMessage().contains("\n"));
    }
}
