package org.nxm.compiler.encoding;

import java.nio.ByteBuffer;
import org.nxm.model.numeric.BFloat16;
import org.nxm.model.numeric.DType;
import org.nxm.model.numeric.Float16;

/** Raw element access by dtype on little-endian buffers; the plain (reference) path of every codec. */
final class Elements {
    private Elements() {}

    static int get(ByteBuffer b, DType dtype, long index) {
        int i = Math.toIntExact(index * dtype.bytes());
        return switch (dtype.bytes()) {
            case 1 -> b.get(i) & 0xFF;
            case 2 -> b.getShort(i) & 0xFFFF;
            case 4 -> b.getInt(i);
            default -> throw new IllegalArgumentException(dtype.toString());
        };
    }

    static void put(ByteBuffer b, DType dtype, long index, int bits) {
        int i = Math.toIntExact(index * dtype.bytes());
        switch (dtype.bytes()) {
            case 1 -> b.put(i, (byte) bits);
            case 2 -> b.putShort(i, (short) bits);
            case 4 -> b.putInt(i, bits);
            default -> throw new IllegalArgumentException(dtype.toString());
        }
    }

    /** Zero as PyTorch's {@code x != 0} sees it: ±0 for floats. NaN is non-zero. */
    static boolean isZero(DType dtype, int bits) {
        return switch (dtype) {
            case F32 -> (bits & 0x7FFFFFFF) == 0;
            case F16, BF16 -> (bits & 0x7FFF) == 0;
            default -> bits == 0;
        };
    }

    /** The element as a readable number for defect reports. */
    static String show(DType dtype, int bits) {
        return switch (dtype) {
            case F32 -> Float.toString(Float.intBitsToFloat(bits));
            case F16 -> Float.toString(Float16.toFloat((short) bits)) + String.format("(0x%04x)", bits & 0xFFFF);
            case BF16 -> Float.toString(BFloat16.toFloat((short) bits)) + String.format("(0x%04x)", bits & 0xFFFF);
            case I8 -> Integer.toString((byte) bits);
            default -> Integer.toString(bits);
        };
    }
}
