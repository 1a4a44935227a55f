package org.nxm.compiler.encoding;

/** One defect: its kind and a one-line description with the position (row, group, values). */
public record Defect(DefectKind kind, String message) {
    @Override
    public String toString() {
        return kind + ": " + message;
    }
}
