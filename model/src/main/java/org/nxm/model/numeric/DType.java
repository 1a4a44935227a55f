package org.nxm.model.numeric;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;
import org.nxm.model.io.InputException;

/**
 * The project's one element-type enum: the types of stored tensors, named as safetensors names them
 * ({@code F16}), as PyTorch and {@code nxm encode --dtype} name them ({@code float16}), and as hardware YAML,
 * program JSON and reports name them ({@code fp16}, {@link #shortName()}). Four of them are the types a
 * target computes its GEMMs in ({@link #COMPUTE}: fp16, bf16, int8, fp32), always with 32-bit accumulation
 * (float32, or int32 for int8), as on sparse tensor cores.
 */
public enum DType {
    F64("float64", "fp64", 8, true),
    F32("float32", "fp32", 4, true),
    F16("float16", "fp16", 2, true),
    BF16("bfloat16", "bf16", 2, true),
    I64("int64", "int64", 8, false),
    I32("int32", "int32", 4, false),
    I16("int16", "int16", 2, false),
    I8("int8", "int8", 1, false),
    U8("uint8", "uint8", 1, false),
    BOOL("bool", "bool", 1, false);

    /** The element types a target may compute in (hardware YAML {@code dtype}, program JSON), in the order error messages list them. */
    public static final List<DType> COMPUTE = List.of(F16, BF16, I8, F32);

    private final String longName;
    private final String shortName;
    private final int bytes;
    private final boolean floating;

    DType(String longName, String shortName, int bytes, boolean floating) {
        this.longName = longName;
        this.shortName = shortName;
        this.bytes = bytes;
        this.floating = floating;
    }

    /** Bytes per element. */
    public int bytes() { return bytes; }
    /** "float16", "int8", ... */
    public String longName() { return longName; }
    /** "F16", "I8", ... as in a safetensors header. */
    public String safetensorsName() { return name(); }
    /** "fp16", "bf16", "int8", "fp32", ...: the name hardware YAML, program JSON and reports use (JSON value). */
    @JsonValue
    public String shortName() { return shortName; }
    public boolean isFloating() { return floating; }

    /** One of the four types a target computes in ({@link #COMPUTE}). */
    public boolean isCompute() { return COMPUTE.contains(this); }

    /** Bytes per accumulator element of a GEMM computing in this type (float32, or int32 for int8). */
    public int accumulatorBytes() { return 4; }

    /**
     * x rounded to this type as the encoders store it and {@link #writeFloat} writes it: floats round to
     * nearest even; integer types round half to even and saturate.
     */
    public float round(float x) {
        return switch (this) {
            case F64, F32 -> x;
            case F16 -> Float16.toFloat(Float16.fromFloat(x));
            case BF16 -> BFloat16.toFloat(BFloat16.fromFloat(x));
            case I64 -> (float) (long) Math.rint(x);
            case I32 -> (float) (int) Math.rint(x);
            case I16 -> (float) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.rint(x)));
            case I8 -> (float) Math.max(-128, Math.min(127, Math.rint(x)));
            case U8 -> (float) Math.max(0, Math.min(255, Math.rint(x)));
            case BOOL -> x != 0f ? 1f : 0f;
        };
    }

    /**
     * A compute type ({@link #COMPUTE}) by any spelling {@link #lookup} accepts; otherwise an
     * {@link InputException} naming {@code field}.
     */
    public static DType parseCompute(String text, String field) {
        DType d = lookup(text);
        if (d == null || !d.isCompute()) {
            throw new InputException(field + ": unknown element type '" + text + "' (expected fp16, bf16, int8 or fp32)");
        }
        return d;
    }

    /** JSON reads any spelling {@link #lookup} accepts; where only compute types are allowed the reader checks {@link #isCompute}. */
    @JsonCreator
    static DType fromJson(String text) {
        DType d = lookup(text);
        if (d == null) throw new InputException("dtype: unknown element type '" + text + "'");
        return d;
    }

    /** Accepts either spelling, case-insensitively ("F16", "float16", "bf16", "half"); null if unknown. */
    public static DType lookup(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (DType d : values()) {
            if (d.name().toLowerCase(Locale.ROOT).equals(t) || d.longName.equals(t)) return d;
        }
        return switch (t) {
            case "half", "fp16" -> F16;
            case "float", "fp32" -> F32;
            case "double", "fp64" -> F64;
            case "bfloat", "bf16" -> BF16;
            default -> null;
        };
    }

    /** Reads element {@code i} of little-endian data as a float (int types converted exactly when they fit). */
    public float readFloat(java.nio.ByteBuffer le, int i) {
        return switch (this) {
            case F64 -> (float) le.getDouble(i * 8);
            case F32 -> le.getFloat(i * 4);
            case F16 -> Float16.toFloat(le.getShort(i * 2));
            case BF16 -> BFloat16.toFloat(le.getShort(i * 2));
            case I64 -> (float) le.getLong(i * 8);
            case I32 -> (float) le.getInt(i * 4);
            case I16 -> le.getShort(i * 2);
            case I8 -> le.get(i);
            case U8 -> le.get(i) & 0xFF;
            case BOOL -> le.get(i) != 0 ? 1f : 0f;
        };
    }

    /**
     * Writes {@code v} as element {@code i}: floats round to nearest even; integer types round half
     * to even and saturate (use {@link Int8} with a scale for real quantisation).
     */
    public void writeFloat(java.nio.ByteBuffer le, int i, float v) {
        switch (this) {
            case F64 -> le.putDouble(i * 8, v);
            case F32 -> le.putFloat(i * 4, v);
            case F16 -> le.putShort(i * 2, Float16.fromFloat(v));
            case BF16 -> le.putShort(i * 2, BFloat16.fromFloat(v));
            case I64 -> le.putLong(i * 8, (long) Math.rint(v));
            case I32 -> le.putInt(i * 4, (int) Math.rint(v));
            case I16 -> le.putShort(i * 2, (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.rint(v))));
            case I8 -> le.put(i, (byte) Math.max(-128, Math.min(127, Math.rint(v))));
            case U8 -> le.put(i, (byte) Math.max(0, Math.min(255, Math.rint(v))));
            case BOOL -> le.put(i, (byte) (v != 0f ? 1 : 0));
        }
    }
}
