package org.nxm.simulator.memory;

/**
 * The bytes a transfer touches: a rectangle of a stored tensor. {@code space} separates the byte
 * streams of one tensor (0 data or values, 1 metadata), so their L2 lines are distinct.
 */
public record Footprint(int tensor, int space, int row0, int rows, int col0, int cols) {
    public long elements() { return (long) rows * cols; }
}
