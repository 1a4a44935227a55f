package org.nxm.model.io.safetensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import org.nxm.model.io.InputException;
import org.nxm.model.numeric.BFloat16;
import org.nxm.model.numeric.DType;
import org.nxm.model.numeric.Float16;
import org.nxm.model.tensor.Matrix;

/**
 * One named tensor as safetensors stores it: a dtype, a shape and raw little-endian bytes. The data
 * buffer may be a view of a memory-mapped file; it is read-only and positioned at 0.
 *
 * <p>Equality is by name, dtype, shape and bytes.
 */
public final class SafeTensor {
    private final String name;
    private final DType dtype;
    private final int[] shape;
    private final ByteBuffer data;

    public SafeTensor(String name, DType dtype, int[] shape, ByteBuffer data) {
        this.name = Objects.requireNonNull(name, "name");
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = shape.clone();
        long expected = elementCount(this.shape) * dtype.bytes();
        if (data.remaining() != expected) {
            throw new InputException("tensor '" + name + "': " + data.remaining() + " bytes of data, expected "
                    + expected + " for " + dtype + " " + Arrays.toString(shape));
        }
        this.data = data.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A tensor over a copy-free wrap of little-endian bytes. */
    public static SafeTensor of(String name, DType dtype, int[] shape, byte[] littleEndian) {
        return new SafeTensor(name, dtype, shape, ByteBuffer.wrap(littleEndian));
    }

    /** A float matrix stored as {@code dtype} (F32, F16, BF16, F64; floats round to nearest even). */
    public static SafeTensor of(String name, Matrix m, DType dtype) {
        return ofFloats(name, new int[] {m.rows(), m.cols()}, m.data(), dtype);
    }

    /** Floats stored as {@code dtype}; integer dtypes round half-even and saturate (no scale). */
    public static SafeTensor ofFloats(String name, int[] shape, float[] values, DType dtype) {
        if (elementCount(shape) != values.length) {
            throw new IllegalArgumentException("tensor '" + name + "': " + values.length + " values for shape "
                    + Arrays.toString(shape));
        }
        ByteBuffer buf = ByteBuffer.allocate(Math.multiplyExact(values.length, dtype.bytes())).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case F32 -> buf.asFloatBuffer().put(values);
            case F16 -> { for (int i = 0; i < values.length; i++) buf.putShort(2 * i, Float16.fromFloat(values[i])); }
            case BF16 -> { for (int i = 0; i < values.length; i++) buf.putShort(2 * i, BFloat16.fromFloat(values[i])); }
            default -> { for (int i = 0; i < values.length; i++) dtype.writeFloat(buf, i, values[i]); }
        }
        return new SafeTensor(name, dtype, shape, buf);
    }

    public String name() { return name; }
    public DType dtype() { return dtype; }
    public int[] shape() { return shape.clone(); }
    public int rank() { return shape.length; }
    public int dim(int i) { return shape[i]; }

    /** A fresh read-only little-endian view of the data (position 0, limit = byte size). */
    public ByteBuffer data() { return data.duplicate().order(ByteOrder.LITTLE_ENDIAN); }

    public long elementCount() { return elementCount(shape); }
    public long byteSize() { return data.capacity(); }

    /** A copy of the raw little-endian bytes. */
    public byte[] bytes() {
        byte[] out = new byte[Math.toIntExact(byteSize())];
        data().get(out);
        return out;
    }

    /** The same tensor under another name (shares the data). */
    public SafeTensor renamed(String newName) {
        return new SafeTensor(newName, dtype, shape, data());
    }

    /** All elements as floats (exact for F32/F16/BF16/I8/I16/U8/BOOL). */
    public float[] toFloatArray() {
        int n = Math.toIntExact(elementCount());
        float[] out = new float[n];
        ByteBuffer b = data();
        switch (dtype) {
            case F32 -> b.asFloatBuffer().get(out);
            case F16 -> { for (int i = 0; i < n; i++) out[i] = Float16.toFloat(b.getShort(2 * i)); }
            case BF16 -> { for (int i = 0; i < n; i++) out[i] = BFloat16.toFloat(b.getShort(2 * i)); }
            default -> { for (int i = 0; i < n; i++) out[i] = dtype.readFloat(b, i); }
        }
        return out;
    }

    /** A rank-2 tensor as a float32 matrix; a rank-1 tensor becomes one row. */
    public Matrix toMatrix() {
        if (shape.length == 2) return new Matrix(shape[0], shape[1], toFloatArray());
        if (shape.length == 1) return new Matrix(1, shape[0], toFloatArray());
        throw new InputException("tensor '" + name + "': shape " + Arrays.toString(shape)
                + ", expected a matrix (rank 1 or 2)");
    }

    static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SafeTensor t && name.equals(t.name) && dtype == t.dtype
                && Arrays.equals(shape, t.shape) && data().equals(t.data());
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape));
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape);
    }
}
