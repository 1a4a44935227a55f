package org.nxm.compiler.hardware;

import org.nxm.model.io.InputException;

/**
 * Systolic dataflows, as SCALE-Sim names them. For OFMAP[M×N] = IFMAP[M×K]·FILTER[K×N]:
 * os maps M to rows and N to columns and streams K; ws maps K to rows, N to columns, streams M;
 * is maps K to rows, M to columns, streams N.
 */
public enum Dataflow {
    OS("os"), WS("ws"), IS("is");

    private final String yamlName;

    Dataflow(String yamlName) { this.yamlName = yamlName; }

    public String yamlName() { return yamlName; }

    public static Dataflow parse(String text, String field) {
        for (Dataflow d : values()) {
            if (d.yamlName.equalsIgnoreCase(text.trim())) return d;
        }
        throw new InputException(field + ": unknown dataflow '" + text + "' (expected os, ws or is)");
    }

    @Override
    public String toString() { return yamlName; }
}
