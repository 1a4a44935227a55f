package org.nxm.compiler.program;

/**
 * A region of a per-core buffer (every core has its own copy of the layout): shared-buffer slots hold
 * operand tiles, register slots hold accumulators. Two slots whose byte ranges overlap may be live at
 * the same time only if ordered by BUFFER_REUSE edges; all slots lie within the level's capacity.
 *
 * @param id index in {@link Program#slots()}
 * @param level SHARED or REGISTER
 * @param offset first byte in the per-core buffer
 * @param bytes size
 * @param purpose human-readable: "gemm 3 A ping", "gemm 3 acc 0"
 */
public record BufferSlot(int id, MemoryLevel level, long offset, long bytes, String purpose) {
    public long end() { return offset + bytes; }

    /** The bytes this slot covers in its level. */
    public ByteRange range() { return new ByteRange(level, offset, end()); }

    public boolean overlaps(BufferSlot o) {
        return range().overlaps(o.range());
    }
}
