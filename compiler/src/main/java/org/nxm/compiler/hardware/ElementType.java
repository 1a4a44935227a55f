package org.nxm.compiler.hardware;

import org.nxm.model.io.InputException;

/**
 * The element type of the GEMM operands a target computes in. Accumulation is always 32-bit
 * (float32 for floating types, int32 for int8), as on sparse tensor cores.
 */
public enum ElementType {
    FP16("fp16", 2),
    BF16("bf16", 2),
    INT8("int8", 1),
    FP32("fp32", 4);

    private final String yamlName;
    private final int bytes;

    ElementType(String yamlName, int bytes) {
        this.yamlName = yamlName;
        this.bytes = bytes;
    }

    /** Bytes per element in memory. */
    public int bytes() { return bytes; }

    /** Bytes per accumulator element (float32 or int32). */
    public int accumulatorBytes() { return 4; }

    /** The name used in YAML, JSON and on the command line: fp16, bf16, int8, fp32. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String yamlName() { return yamlName; }

    @com.fasterxml.jackson.annotation.JsonCreator
    static ElementType fromJson(String text) {
        return parse(text, "dtype");
    }

    public static ElementType parse(String text, String field) {
        for (ElementType t : values()) {
            if (t.yamlName.equalsIgnoreCase(text.trim())) return t;
        }
        throw new InputException(field + ": unknown element type '" + text + "' (expected fp16, bf16, int8 or fp32)");
    }

    @Override
    public String toString() { return yamlName; }
}
