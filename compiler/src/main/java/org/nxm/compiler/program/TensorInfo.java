package org.nxm.compiler.program;

import org.nxm.model.numeric.DType;

/**
 * A 2-D tensor the program reads or writes, row-major {@code [rows, cols]}.
 *
 * @param id index in {@link Program#tensors()}
 * @param name e.g. {@code encoder.layer.0.attention.self.query.weight} or {@code layer0.q}
 * @param kind role
 * @param rows rows
 * @param cols columns
 * @param dtype element type in memory (partials: fp32)
 * @param home level the tensor lives at between producer and consumers (DRAM, or L2 when it fits)
 * @param pattern for sparse weights the N:M pattern ("2:4"), else null
 * @param bytes bytes the tensor occupies at home: for a sparse weight the kept values only
 * @param metadataBytes for a sparse weight its index metadata bytes, else 0
 */
public record TensorInfo(int id, String name, TensorKind kind, int rows, int cols, DType dtype,
                         MemoryLevel home, String pattern, long bytes, long metadataBytes) {
    public long elements() { return (long) rows * cols; }

    /** Dense bytes: rows·cols·element bytes. */
    public long denseBytes() { return elements() * dtype.bytes(); }
}
