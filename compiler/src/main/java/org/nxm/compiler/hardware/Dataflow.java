package org.nxm.compiler.hardware;

import org.nxm.model.io.InputException;

/**
 * Systolic dataflows, as SCALE-Sim names them: how a GEMM OFMAP[M×N] = IFMAP[M×K]·FILTER[K×N] is laid
 * on an R×C array, i.e. which GEMM dimension goes on the rows, which on the columns and which streams in
 * time. The one dataflow type of the project (hardware YAML, SCALE-Sim .cfg, the systolic engine).
 */
public enum Dataflow {
    /** Output stationary: M on rows, N on columns, K streams. */
    OS("os"),
    /** Weight stationary: K on rows, N on columns, M streams. */
    WS("ws"),
    /** Input stationary: K on rows, M on columns, N streams. */
    IS("is");

    private final String yamlName;

    Dataflow(String yamlName) { this.yamlName = yamlName; }

    public String yamlName() { return yamlName; }

    public static Dataflow parse(String text, String field) {
        for (Dataflow d : values()) {
            if (d.yamlName.equalsIgnoreCase(text.trim())) return d;
        }
        throw new InputException(field + ": unknown dataflow '" + text + "' (expected os, ws or is)");
    }

    /** SCALE-Sim's spelling ("os", "ws", "is"), case-insensitive; null when unknown. */
    public static Dataflow parseOrNull(String text) {
        if (text == null) return null;
        for (Dataflow d : values()) {
            if (d.yamlName.equalsIgnoreCase(text.trim())) return d;
        }
        return null;
    }

    /** SCALE-Sim's spelling: the same as the YAML one. */
    public String scaleSimName() { return yamlName; }

    @Override
    public String toString() { return yamlName; }
}
