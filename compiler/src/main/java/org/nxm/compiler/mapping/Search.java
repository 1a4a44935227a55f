package org.nxm.compiler.mapping;

import org.nxm.model.io.InputException;

/**
 * How hard the mapper searches: {@code heuristic} (the cost model's pick, nothing simulated), {@code top-k=K}
 * (simulate the K best estimates, keep the fastest) or {@code exhaustive} (simulate every legal mapping).
 *
 * @param topK mappings simulated per GEMM; 0 for heuristic, {@link Integer#MAX_VALUE} for exhaustive
 */
public record Search(String name, int topK) {
    public static final Search HEURISTIC = new Search("heuristic", 0);
    public static final Search EXHAUSTIVE = new Search("exhaustive", Integer.MAX_VALUE);

    public boolean simulates() { return topK > 0; }

    /** Parses {@code heuristic | top-k=K | exhaustive}; a bad value is one line naming what was expected. */
    public static Search parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("heuristic")) return HEURISTIC;
        if (t.equals("exhaustive")) return EXHAUSTIVE;
        if (t.startsWith("top-k=")) {
            int k;
            try {
                k = Integer.parseInt(t.substring(6));
            } catch (NumberFormatException e) {
                throw new InputException("--search '" + text + "': K of top-k=K must be an integer >= 1");
            }
            if (k < 1) throw new InputException("--search '" + text + "': K of top-k=K must be >= 1 (got " + k + ")");
            return new Search("top-k=" + k, k);
        }
        throw new InputException("--search '" + text + "': expected heuristic, top-k=K (K >= 1) or exhaustive");
    }

    @Override
    public String toString() { return name; }
}
