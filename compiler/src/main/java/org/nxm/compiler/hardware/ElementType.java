package org.nxm.compiler.hardware;

import org.nxm.model.io.InputException;
import org.nxm.model.numeric.BFloat16;
import org.nxm.model.numeric.DType;
import org.nxm.model.numeric.Float16;

/**
 * The element type of the GEMM operands a target computes in: the four of the model module's storage
 * types ({@link DType}) a target may compute in, with the names hardware YAML and program JSON use.
 * Accumulation is always 32-bit (float32 for floating types, int32 for int8), as on sparse tensor cores.
 * The one mapping onto {@link DType} and the one rounding to the type live here.
 */
public enum ElementType {
    FP16("fp16", DType.F16),
    BF16("bf16", DType.BF16),
    INT8("int8", DType.I8),
    FP32("fp32", DType.F32);

    private final String yamlName;
    private final DType storage;

    ElementType(String yamlName, DType storage) {
        this.yamlName = yamlName;
        this.storage = storage;
    }

    /** Bytes per element in memory. */
    public int bytes() { return storage.bytes(); }

    /** The storage type its elements are written as (encoders, safetensors). */
    public DType storage() { return storage; }

    /** x rounded to this type as the encoders store it (round to nearest even; int8 saturates). */
    public float round(float x) {
        return switch (this) {
            case FP16 -> Float16.toFloat(Float16.fromFloat(x));
            case BF16 -> BFloat16.toFloat(BFloat16.fromFloat(x));
            case INT8 -> (float) Math.max(-128, Math.min(127, Math.rint(x)));
            case FP32 -> x;
        };
    }

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
