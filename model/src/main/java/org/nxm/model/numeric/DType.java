package org.nxm.model.numeric;

import java.util.Locale;

/**
 * Element types of stored tensors, named as safetensors names them ({@code F16}) and as PyTorch /
 * the CLI name them ({@code float16}).
 */
public enum DType {
    F64("float64", 8, true),
    F32("float32", 4, true),
    F16("float16", 2, true),
    BF16("bfloat16", 2, true),
    I64("int64", 8, false),
    I32("int32", 4, false),
    I16("int16", 2, false),
    I8("int8", 1, false),
    U8("uint8", 1, false),
    BOOL("bool", 1, false);

    private final String longName;
    private final int bytes;
    private final boolean floating;

    DType(String longName, int bytes, boolean floating) {
        this.longName = longName;
        this.bytes = bytes;
        this.floating = floating;
    }

    /** Bytes per element. */
    public int bytes() { return bytes; }
    /** "float16", "int8", ... */
    public String longName() { return longName; }
    /** "F16", "I8", ... as in a safetensors header. */
    public String safetensorsName() { return name(); }
    public boolean isFloating() { return floating; }

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
