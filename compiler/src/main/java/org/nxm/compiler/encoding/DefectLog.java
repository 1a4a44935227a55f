package org.nxm.compiler.encoding;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Collects every defect a verification finds: all are counted (total and per kind), the first
 * {@code keep} are kept with their messages. Messages are built lazily so a badly broken matrix
 * costs a counter increment per defect, not a string.
 */
public final class DefectLog {
    /** How many defects a report prints. */
    public static final int PRINTED = 20;

    private final int keep;
    private final List<Defect> kept = new ArrayList<>();
    private final EnumMap<DefectKind, Long> counts = new EnumMap<>(DefectKind.class);
    private long total;

    public DefectLog() {
        this(PRINTED);
    }

    public DefectLog(int keep) {
        this.keep = keep;
    }

    public void add(DefectKind kind, Supplier<String> message) {
        total++;
        counts.merge(kind, 1L, Long::sum);
        if (kept.size() < keep) kept.add(new Defect(kind, message.get()));
    }

    public void add(DefectKind kind, String message) {
        add(kind, () -> message);
    }

    public boolean isClean() {
        return total == 0;
    }

    public long total() {
        return total;
    }

    public long count(DefectKind kind) {
        return counts.getOrDefault(kind, 0L);
    }

    public Map<DefectKind, Long> counts() {
        return Map.copyOf(counts);
    }

    /** The first defects (at most {@code keep}). */
    public List<Defect> defects() {
        return List.copyOf(kept);
    }

    /** Up to {@link #PRINTED} defect lines, each prefixed, then a total line. */
    public List<String> report(String prefix) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < Math.min(PRINTED, kept.size()); i++) lines.add(prefix + kept.get(i));
        StringBuilder sb = new StringBuilder(prefix).append(total).append(total == 1 ? " defect" : " defects");
        if (total > PRINTED) sb.append(" in total (").append(PRINTED).append(" shown)");
        if (!counts.isEmpty()) sb.append(": ").append(counts);
        lines.add(sb.toString());
        return lines;
    }
}
