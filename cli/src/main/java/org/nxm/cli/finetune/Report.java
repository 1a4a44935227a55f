package org.nxm.cli.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import org.nxm.cli.JsonOutput;

/** Table lines of fine-tuning runs (journal records). */
final class Report {
    private Report() {}

    static String header() {
        return String.format("%-10s %-6s %6s %8s  %-34s %6s %9s %8s", "method", "task", "seed", "score", "metrics", "steps", "train s", "s/step");
    }

    static String line(JsonNode r) {
        JsonNode e = r.get("eval");
        StringBuilder m = new StringBuilder();
        for (String k : new String[] {"accuracy", "f1", "mcc", "pearson", "spearman", "mse"}) {
            if (e.has(k)) m.append(String.format("%s %.2f ", k.equals("accuracy") ? "acc" : k, e.get(k).asDouble()));
        }
        String held = r.has("heldout_score") ? String.format(" (held-out %.2f)", r.get("heldout_score").asDouble()) : "";
        return String.format("%-10s %-6s %6d %8.2f  %-34s %6d %9.1f %8.3f%s", r.get("method").asText(), r.get("task").asText(),
                r.get("seed").asLong(), r.get("score").asDouble(), m.toString().trim(), r.get("steps").asInt(),
                r.get("train_seconds").asDouble(), r.get("median_step_seconds").asDouble(), held);
    }

    static String json(Object o) {
        return JsonOutput.pretty(o);
    }
}
