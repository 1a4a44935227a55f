package org.nxm.simulator.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.model.io.InputException;

/** Decoder models in a sweep: --phases prefill,decode, batch and context lists, the KV budget, the decode plot. */
class DecoderSweepTest {
    @TempDir Path dir;

    @Test
    void decoderPhasesBatchesAndContexts() throws Exception {
        Path g = dir.resolve("grid.yaml");
        Files.writeString(g, "base: a100\naxes:\n  cores: [108]\n");
        // gpt2 (12 blocks): prefill 64 at batch 1 and 2, decode at contexts 64 and 256; the budget drops batch 2 x 256.
        long budget = 256L * 2 * 12 * 768 * 2;   // 256 tokens of K and V in every layer, fp16
        Sweep s = new Sweep(new Sweep.Settings(SweepGrid.load(g), List.of("gpt2"), List.of("dense", "2:4"), 1, 64, 2,
                List.of("prefill", "decode"), List.of(1, 2), List.of(64, 256), budget));
        // prefill: b1, b2; decode: (b1, 64), (b1, 256), (b2, 64); each dense and 2:4.
        assertEquals(10, s.size());
        Path out = dir.resolve("llm.csv");
        Sweep.Outcome o = s.run(out, line -> { });
        List<String> lines = Files.readAllLines(out);
        List<String> cols = List.of(lines.get(0).split(","));
        int iPhase = cols.indexOf("phase"), iSpeed = cols.indexOf("speedup"), iPattern = cols.indexOf("pattern");
        int iEnergy = cols.indexOf("energy_j"), iArea = cols.indexOf("area_mm2");
        assertTrue(iPhase > 0 && cols.contains("context"));
        assertEquals(11, lines.size());
        for (String line : lines.subList(1, lines.size())) {
            String[] c = SweepJournal.Csv.split(line);
            // Decoder points get the energy and area columns like encoder points.
            assertTrue(Double.parseDouble(c[iEnergy]) > 0 && Double.parseDouble(c[iArea]) > 0, line);
            double speedup = Double.parseDouble(c[iSpeed]);
            if (c[iPattern].equals("dense")) assertEquals(1.0, speedup, 0.0);
            else assertTrue(speedup > 1.0 && speedup <= 1 / 0.5625, line);
        }
        String svg = Files.readString(dir.resolve("llm-decode-speedup.svg"));
        assertTrue(svg.contains("context 64") && svg.contains("context 256"), svg.substring(0, 200));
        assertTrue(Files.readString(o.paretoSvg()).contains("<path"));
    }

    @Test
    void decoderModelWithoutPhasesIsAnInputError() throws Exception {
        Path g = dir.resolve("grid.yaml");
        Files.writeString(g, "base: a100\naxes:\n  cores: [108]\n");
        var e = assertThrows(InputException.class, () -> new Sweep(new Sweep.Settings(SweepGrid.load(g), List.of("llama-3-8b"),
                List.of("dense"), 1, 64, 1)));
        assertTrue(e.getMessage().contains("--phases"), e.getMessage());
        assertThrows(InputException.class, () -> new Sweep(new Sweep.Settings(SweepGrid.load(g), List.of("llama-3-8b"),
                List.of("dense"), 1, 64, 1, List.of("decode"), List.of(1), List.of(9000), 0)));
    }

    @Test
    void aBadSearchIsOneLineNamingTheFlag() throws Exception {
        Path g = dir.resolve("grid.yaml");
        Files.writeString(g, "base: a100\naxes:\n  cores: [108]\n");
        var e = assertThrows(InputException.class, () -> Sweep.Settings.fromOptions(SweepGrid.load(g), List.of("gpt2"), List.of("dense"),
                List.of(1), 64, 1, List.of("decode"), List.of(64), null, "top-k=0"));
        assertTrue(e.getMessage().startsWith("--search"), e.getMessage());
        assertEquals("top-k=2", Sweep.Settings.fromOptions(SweepGrid.load(g), List.of("gpt2"), List.of("dense"),
                List.of(1), 64, 1, List.of("decode"), List.of(64), null, " TOP-K=2").search());
    }
}
