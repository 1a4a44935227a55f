package org.nxm.traces.analysis;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table for people: left-aligned first column, right-aligned others, two spaces between. */
public final class TextTable {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;
    private final java.util.Set<Integer> left = new java.util.HashSet<>(java.util.List.of(0));

    public TextTable(String... header) {
        columns = header.length;
        rows.add(header);
    }

    /** Left-aligns a column (text); numbers stay right-aligned. */
    public TextTable leftAlign(int column) {
        left.add(column);
        return this;
    }

    public TextTable row(Object... cells) {
        if (cells.length != columns) throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + columns);
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) r[i] = String.valueOf(cells[i]);
        rows.add(r);
        return this;
    }

    @Override
    public String toString() {
        int[] width = new int[columns];
        for (String[] r : rows) for (int i = 0; i < columns; i++) width[i] = Math.max(width[i], r[i].length());
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                if (i > 0) sb.append("  ");
                String pad = " ".repeat(width[i] - r[i].length());
                if (left.contains(i)) sb.append(r[i]).append(i == columns - 1 ? "" : pad);
                else sb.append(pad).append(r[i]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
