package org.nxm.compiler.hardware;

import org.nxm.model.io.InputException;

/** The two array templates a {@link HardwareConfig} can describe. */
public enum Template {
    /** Cores (SMs) of sparse tensor cores fed from shared buffers, L2 and DRAM, as in GPUs. */
    TENSOR_CORE("tensor-core"),
    /** One R×C PE array with output-, weight- or input-stationary dataflow, as in SCALE-Sim. */
    SYSTOLIC("systolic");

    private final String yamlName;

    Template(String yamlName) { this.yamlName = yamlName; }

    public String yamlName() { return yamlName; }

    public static Template parse(String text, String field) {
        for (Template t : values()) {
            if (t.yamlName.equalsIgnoreCase(text.trim())) return t;
        }
        throw new InputException(field + ": unknown template '" + text + "' (expected tensor-core or systolic)");
    }

    @Override
    public String toString() { return yamlName; }
}
