package org.nxm.simulator.tensorcore;

import org.nxm.simulator.memory.Footprint;

import org.nxm.model.sparsity.NmPattern;

/**
 * What one tile operation asks of the tensor-core hardware. The compiler's tile ops are translated
 * into these; the {@link TensorCoreMachine} turns them into resource occupancies.
 */
public sealed interface TcOp {
    /** Layer index (into the program's layer names), or -1. */
    int layer();

    /** Core that issues it. */
    int core();

    /** Operand classes a load moves; they are reported and traced separately. */
    enum Operand { ACTIVATIONS, VALUES, METADATA, DENSE_WEIGHTS }

    /** Moves a tile from memory (L2, or DRAM for the lines not in L2) into core {@code core}'s shared buffer. */
    record Load(int core, Operand operand, long bytes, Footprint where, int layer) implements TcOp {}

    /** Writes a result tile from core {@code core} to memory (write-allocate in L2, written through to DRAM). */
    record Store(int core, long bytes, Footprint where, int layer) implements TcOp {}

    /**
     * A block-tile MMA on core {@code core}: out[rows × cols] += A[rows × depth]·B[depth × cols], where
     * the weight operand has {@code rows}... (see {@link TensorCoreMachine}); {@code pattern} null = dense.
     *
     * @param rows   output rows (tokens, the M of the GEMM)
     * @param cols   output columns (weight rows, the N of the GEMM)
     * @param depth  dense reduction depth covered (the K of this tile)
     * @param pattern N:M of the weight operand, or null for a dense MMA
     */
    record Mma(int core, int rows, int cols, int depth, NmPattern pattern, int layer) implements TcOp {
        public long macs() { return (long) rows * cols * depth; }
    }

    /** Element-wise or row-wise vector work on core {@code core}'s vector unit. */
    record Vector(int core, String what, long elements, int opsPerElement, int layer) implements TcOp {}
}
