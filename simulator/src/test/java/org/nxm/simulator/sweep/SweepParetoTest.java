package org.nxm.simulator.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.simulator.area.AreaModel;

/** The sweep's fronts on speed, energy and area: CSV flags agree with the plain dominance definition; SVGs grey the rest. */
class SweepParetoTest {
    @TempDir Path dir;

    @Test
    void frontColumnsMatchTheDefinitionAndPlotsGreyTheDominatedPoints() throws Exception {
        Path g = dir.resolve("grid.yaml");
        Files.writeString(g, "base: edge-4\naxes:\n  cores: [2, 4, 8]\n  shared.capacity_bytes: [65536, 131072]\n");
        Sweep s = new Sweep(new Sweep.Settings(SweepGrid.load(g), List.of("minilm-l6"), List.of("dense", "2:4"), 1, 16, 2));
        Path out = dir.resolve("r.csv");
        Sweep.Outcome o = s.run(out, line -> { });
        List<String> lines = Files.readAllLines(out);
        List<String> cols = List.of(lines.get(0).split(","));
        int iTime = cols.indexOf("time_ms"), iE = cols.indexOf("energy_per_inference_j"), iA = cols.indexOf("area_mm2"),
                iHw = cols.indexOf("hardware"), iPattern = cols.indexOf("pattern");
        List<String[]> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) rows.add(SweepJournal.Csv.split(l));
        double slowestDense = 0;
        for (String[] r : rows) if (r[iPattern].equals("dense")) slowestDense = Math.max(slowestDense, Double.parseDouble(r[iTime]));
        for (SweepPareto.Front f : SweepPareto.Front.values()) {
            List<ParetoFront.Point> pts = new ArrayList<>();
            for (String[] r : rows) {
                pts.add(f.point(r[iHw], slowestDense / Double.parseDouble(r[iTime]), Double.parseDouble(r[iE]), Double.parseDouble(r[iA])));
            }
            int col = cols.indexOf(f.column), onFront = 0;
            for (int i = 0; i < rows.size(); i++) {
                boolean expected = !ParetoFront.dominated(pts.get(i), pts);
                assertEquals(Boolean.toString(expected), rows.get(i)[col], f + " " + String.join(",", rows.get(i)));
                if (expected) onFront++;
            }
            assertTrue(onFront >= 1 && onFront < rows.size(), f + ": " + onFront + " of " + rows.size());
            String svg = Files.readString(o.paretoPlots().get(f.column));
            assertTrue(svg.contains(SweepPareto.GREY) && svg.contains("<path"), f.toString());
        }
        assertEquals(o.paretoSvg(), o.paretoPlots().get("pareto_speed_area"));
        // The area column is the area model of the design each row names.
        for (String[] r : rows) {
            int cores = Integer.parseInt(r[cols.indexOf("cores")]);
            String yaml = HardwareConfig.preset("edge-4").toYaml().replaceFirst("(?m)^cores: \\d+", "cores: " + cores)
                    .replaceFirst("capacity_bytes: 131072", "capacity_bytes: " + r[cols.indexOf("hw.shared.capacity_bytes")]);
            assertEquals(AreaModel.of(HardwareConfig.parse(yaml, "t")).totalMm2(), Double.parseDouble(r[iA]), 1e-4 * Double.parseDouble(r[iA]));
            assertTrue(Double.parseDouble(r[cols.indexOf("avg_power_w")]) > 0);
        }
    }
}
