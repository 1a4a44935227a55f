package org.nxm.compiler.encoding;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.nxm.model.io.InputException;
import org.nxm.model.io.safetensors.SafeTensor;
import org.nxm.model.numeric.DType;
import org.nxm.model.tensor.Matrix;

/**
 * A dense row-major [rows, cols] matrix of raw little-endian elements of one dtype (float32,
 * float16, bfloat16 or int8): the input of an encoder and the output of a decoder. Working on raw
 * bits (not floats) is what makes encodings bit-exact, -0 and NaN payloads included.
 *
 * <p>An element is zero when it compares equal to 0 (±0 for floats, as PyTorch's {@code x != 0}).
 */
public record DenseMatrix(DType dtype, int rows, int cols, ByteBuffer data) {

    public DenseMatrix {
        requireSupported(dtype);
        if (rows < 0 || cols < 0) throw new IllegalArgumentException("negative shape " + rows + "x" + cols);
        long bytes = (long) rows * cols * dtype.bytes();
        if (data.remaining() != bytes) {
            throw new IllegalArgumentException(data.remaining() + " bytes for " + dtype + " [" + rows + ", " + cols + "]");
        }
        data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    static void requireSupported(DType dtype) {
        if (dtype != DType.F32 && dtype != DType.F16 && dtype != DType.BF16 && dtype != DType.I8) {
            throw new InputException("dtype " + dtype + ": encodings support float32, float16, bfloat16 and int8");
        }
    }

    public static boolean supports(DType dtype) {
        return dtype == DType.F32 || dtype == DType.F16 || dtype == DType.BF16 || dtype == DType.I8;
    }

    public static DenseMatrix zeros(DType dtype, int rows, int cols) {
        return new DenseMatrix(dtype, rows, cols, ByteBuffer.allocate(rows * cols * dtype.bytes()));
    }

    /** A rank-2 safetensors tensor (no copy). */
    public static DenseMatrix of(SafeTensor t) {
        if (t.rank() != 2) {
            throw new InputException("tensor '" + t.name() + "': shape " + Arrays.toString(t.shape()) + ", expected [rows, k]");
        }
        requireSupported(t.dtype());
        return new DenseMatrix(t.dtype(), t.dim(0), t.dim(1), t.data());
    }

    /** A float matrix rounded (to nearest even) to {@code dtype}; for int8 the floats must already be quantised. */
    public static DenseMatrix of(Matrix m, DType dtype) {
        requireSupported(dtype);
        return of(SafeTensor.ofFloats("m", new int[] {m.rows(), m.cols()}, m.data(), dtype));
    }

    public SafeTensor toSafeTensor(String name) {
        return new SafeTensor(name, dtype, new int[] {rows, cols}, data.duplicate());
    }

    public Matrix toMatrix() {
        return toSafeTensor("m").toMatrix();
    }

    public long byteSize() {
        return (long) rows * cols * dtype.bytes();
    }

    /** Raw bits of element (r, c), zero-extended. */
    public int bits(int r, int c) {
        return Elements.get(data, dtype, (long) r * cols + c);
    }

    public void setBits(int r, int c, int bits) {
        Elements.put(data, dtype, (long) r * cols + c, bits);
    }

    public boolean isZero(int r, int c) {
        return Elements.isZero(dtype, bits(r, c));
    }

    /** Rows [r0, r1) and columns [c0, c1) as a new matrix (a tile). */
    public DenseMatrix slice(int r0, int r1, int c0, int c1) {
        int w = c1 - c0;
        int eb = dtype.bytes();
        ByteBuffer out = ByteBuffer.allocate((r1 - r0) * w * eb).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = r0; r < r1; r++) {
            ByteBuffer src = data.duplicate();
            src.position((r * cols + c0) * eb).limit((r * cols + c1) * eb);
            out.put(src);
        }
        return new DenseMatrix(dtype, r1 - r0, w, out.flip());
    }

    /** Bitwise equality of shape, dtype and every element. */
    public boolean sameBits(DenseMatrix o) {
        return dtype == o.dtype && rows == o.rows && cols == o.cols && data.duplicate().clear().equals(o.data.duplicate().clear());
    }

    @Override
    public String toString() {
        return dtype.longName() + " [" + rows + ", " + cols + "]";
    }
}
