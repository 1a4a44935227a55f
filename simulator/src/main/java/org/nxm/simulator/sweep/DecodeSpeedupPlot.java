package org.nxm.simulator.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nxm.model.io.AtomicOutput;
import org.nxm.traces.plot.ScatterPlot;

/**
 * The decode speedup of N:M over dense against the batch, one curve per context length (and model,
 * pattern, design): where the weight stream dominates the curve sits near the compressed-bytes ratio,
 * it sinks towards 1 as the dense KV-cache traffic grows with batch × context, and at batches past the
 * ridge point it tends to the compute-bound regime's achieved ratio (that of prefill over as many tokens).
 */
final class DecodeSpeedupPlot {
    private DecodeSpeedupPlot() {}

    /** Writes the plot when the rows hold decode points; returns whether it did. */
    static boolean write(List<String[]> rows, List<String> cols, Path svg) {
        int iPhase = cols.indexOf("phase"), iPattern = cols.indexOf("pattern"), iModel = cols.indexOf("model"),
                iBatch = cols.indexOf("batch"), iContext = cols.indexOf("context"), iSpeedup = cols.indexOf("speedup"),
                iHw = cols.indexOf("hardware");
        Map<String, List<ScatterPlot.Point>> curves = new LinkedHashMap<>();
        boolean manyDesigns = rows.stream().map(r -> r[iHw]).distinct().count() > 1;
        for (String[] r : rows) {
            if (!"decode".equals(r[iPhase]) || "dense".equals(r[iPattern])) continue;
            String name = r[iModel] + " " + r[iPattern] + " context " + r[iContext] + (manyDesigns ? " " + r[iHw] : "");
            double batch = Double.parseDouble(r[iBatch]);
            double speedup = Double.parseDouble(r[iSpeedup]);
            curves.computeIfAbsent(name, k -> new ArrayList<>()).add(new ScatterPlot.Point(batch, speedup, name + " batch " + r[iBatch]));
        }
        if (curves.isEmpty()) return false;
        List<ScatterPlot.Series> series = new ArrayList<>();
        for (Map.Entry<String, List<ScatterPlot.Point>> e : curves.entrySet()) {
            List<ScatterPlot.Point> pts = new ArrayList<>(e.getValue());
            pts.sort((a, b) -> Double.compare(a.x(), b.x()));
            series.add(new ScatterPlot.Series(e.getKey(), pts, true));
        }
        AtomicOutput.writeString(svg, ScatterPlot.render("Decode step: N:M speedup over dense", "batch (sequences, log)",
                "speedup (dense time / N:M time)", true, series));
        return true;
    }
}
