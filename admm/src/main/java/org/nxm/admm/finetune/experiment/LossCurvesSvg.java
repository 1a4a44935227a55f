package org.nxm.admm.finetune.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Training-loss curves of journal runs as one SVG: a panel per task, a line per method, for the
 * task's lowest seed that has runs (the same batches for every method). The ADMM run's hard prune
 * shows as the jump where its masked phase starts.
 */
public final class LossCurvesSvg {
    private static final String[] COLOURS = {"#000000", "#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
    private static final int W = 420, H = 260, PAD = 46;

    private LossCurvesSvg() {}

    public static String render(List<? extends JsonNode> runs) {
        Map<String, List<JsonNode>> byTask = new LinkedHashMap<>();
        for (JsonNode r : runs) if (r.has("loss_curve")) byTask.computeIfAbsent(r.get("task").asText(), k -> new ArrayList<>()).add(r);
        List<String> methods = new ArrayList<>();
        for (JsonNode r : runs) if (!methods.contains(r.get("method").asText())) methods.add(r.get("method").asText());
        int panels = Math.max(1, byTask.size());
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n",
                W * panels, H + 40));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        int p = 0;
        for (Map.Entry<String, List<JsonNode>> e : byTask.entrySet()) {
            long seed = e.getValue().stream().mapToLong(r -> r.get("seed").asLong()).min().orElse(0);
            List<JsonNode> rs = e.getValue().stream().filter(r -> r.get("seed").asLong() == seed).toList();
            double maxStep = 1, maxLoss = 0;
            for (JsonNode r : rs) {
                for (JsonNode pt : r.get("loss_curve")) {
                    maxStep = Math.max(maxStep, pt.get(0).asDouble());
                    maxLoss = Math.max(maxLoss, pt.get(1).asDouble());
                }
            }
            maxLoss = maxLoss <= 0 ? 1 : maxLoss * 1.05;
            int x0 = p * W + PAD, y0 = PAD / 2, pw = W - PAD - 12, ph = H - PAD;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s, seed %d: mean training loss per window</text>%n", x0, y0 - 6, e.getKey(), seed));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>%n", x0, y0, pw, ph));
            for (int t = 0; t <= 4; t++) {
                double v = maxLoss * t / 4;
                int y = y0 + ph - (int) Math.round(ph * t / 4.0);
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.2f</text>%n", x0 - 4, y + 4, v));
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">step (of %d)</text>%n", x0 + pw / 2, y0 + ph + 16, (int) maxStep));
            for (JsonNode r : rs) {
                int colour = methods.indexOf(r.get("method").asText()) % COLOURS.length;
                StringBuilder pts = new StringBuilder();
                for (JsonNode pt : r.get("loss_curve")) {
                    double x = x0 + pw * pt.get(0).asDouble() / maxStep, y = y0 + ph - ph * pt.get(1).asDouble() / maxLoss;
                    pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                }
                svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n", COLOURS[colour], pts.toString().trim()));
            }
            p++;
        }
        for (int i = 0; i < methods.size(); i++) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"3\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
                    PAD + i * 90, H + 22, COLOURS[i % COLOURS.length], PAD + i * 90 + 18, H + 27, methods.get(i)));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }
}
