package org.nxm.compiler.encoding;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.nxm.model.io.safetensors.SafeTensor;
import org.nxm.model.numeric.DType;
import org.nxm.model.sparsity.NmPattern;

/**
 * A compressed N:M matrix: the dense shape it stands for, the kept values
 * ({@code [rows, cols·n/m]} of the dense dtype) and the index metadata ({@code [rows, metaCols]} of
 * {@code metaDtype}), both raw little-endian. What the bytes mean is fixed by {@link #layout()};
 * see {@link Encoding#of}.
 */
public record CompressedMatrix(Layout layout, NmPattern pattern, DType dtype, int rows, int cols,
                               ByteBuffer values, DType metaDtype, int metaCols, ByteBuffer meta) {

    public CompressedMatrix {
        if (cols % pattern.m() != 0) throw new IllegalArgumentException("cols " + cols + " not divisible by m");
        long vb = (long) rows * (cols / pattern.m() * pattern.n()) * dtype.bytes();
        long mb = (long) rows * metaCols * metaDtype.bytes();
        if (values.remaining() != vb || meta.remaining() != mb) {
            throw new IllegalArgumentException("values " + values.remaining() + " / meta " + meta.remaining()
                    + " bytes, expected " + vb + " / " + mb);
        }
        values = values.slice().order(ByteOrder.LITTLE_ENDIAN);
        meta = meta.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Kept values per row: cols·n/m. */
    public int valueCols() {
        return cols / pattern.m() * pattern.n();
    }

    public int[] valuesShape() {
        return new int[] {rows, valueCols()};
    }

    public int[] metaShape() {
        return new int[] {rows, metaCols};
    }

    public long valuesBytes() {
        return values.capacity();
    }

    public long metaBytes() {
        return meta.capacity();
    }

    /** Bytes of the dense matrix this stands for. */
    public long denseBytes() {
        return (long) rows * cols * dtype.bytes();
    }

    public long compressedBytes() {
        return valuesBytes() + metaBytes();
    }

    /** Dense bytes / compressed bytes. */
    public double compressionRatio() {
        return compressedBytes() == 0 ? 1.0 : (double) denseBytes() / compressedBytes();
    }

    /** {@code NAME.values} and {@code NAME.meta}, as {@code nxm encode} writes them. */
    public List<SafeTensor> toSafeTensors(String name) {
        return List.of(new SafeTensor(name + ".values", dtype, valuesShape(), values.duplicate()),
                new SafeTensor(name + ".meta", metaDtype, metaShape(), meta.duplicate()));
    }
}
