package org.nxm.compiler.program;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.nxm.model.numeric.DType;

/**
 * One operation of the tile graph, executed on one core. Every op says how many bytes it moves
 * ({@link #bytes()}) from which memory level to which, and which buffer slot it writes (-1: none).
 * Ops of one core appear in {@link Program#ops()} in the order the schedule issues them.
 *
 * <p>Granularity: one op is one block tile's K-step (a load of one operand tile, or the batch of MMA
 * instructions covering it), so a BERT-base program has ~10⁴–10⁵ ops; {@link Mma#mmaCount()} says how
 * many hardware MMA instructions an Mma op stands for.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
    @JsonSubTypes.Type(value = TileOp.LoadActivations.class, name = "load_activations"),
    @JsonSubTypes.Type(value = TileOp.LoadWeightValues.class, name = "load_weight_values"),
    @JsonSubTypes.Type(value = TileOp.LoadMetadata.class, name = "load_metadata"),
    @JsonSubTypes.Type(value = TileOp.Mma.class, name = "mma"),
    @JsonSubTypes.Type(value = TileOp.Reduce.class, name = "reduce"),
    @JsonSubTypes.Type(value = TileOp.VectorOp.class, name = "vector"),
    @JsonSubTypes.Type(value = TileOp.Store.class, name = "store"),
})
public sealed interface TileOp {
    /** Index in {@link Program#ops()}; edges refer to it. */
    int id();

    /** Transformer layer. */
    int layer();

    /** Core (SM) that executes it. */
    int core();

    /** Bytes moved from {@link #source()} to {@link #destination()}. */
    long bytes();

    /**
     * The buffer slot ({@link Program#slots()} index) this op uses, or -1: the slot it writes for loads,
     * MMAs, reduces and fused vector ops; the accumulator slot it reads for a store.
     */
    int slot();

    /**
     * True when this op starts a new occupancy of its slot (a load, or the first K-step's MMA): earlier
     * readers of any overlapping slot must finish first (BUFFER_REUSE). Continuations (accumulating MMA,
     * reduce, fused vector op) and stores are not.
     */
    @JsonIgnore
    default boolean startsOccupancy() { return false; }

    MemoryLevel source();

    MemoryLevel destination();

    /** Slots this op reads (for buffer-reuse checks). */
    @JsonIgnore
    default List<Integer> readSlots() { return List.of(); }

    /** Short kind name, as in the JSON "op" field. */
    @JsonIgnore
    String kind();

    /**
     * Load a tile of a dense operand (activations, or A of an attention GEMM) into a shared-buffer slot.
     *
     * @param gemm the GEMM it feeds
     * @param operand "A" or "B"
     * @param region in the operand's logical coordinates (A: M×K, B: K×N)
     */
    record LoadActivations(int id, int layer, int core, int gemm, GemmOperand operand, Region region, long bytes,
                           int slot, MemoryLevel source, MemoryLevel destination) implements TileOp {
        public String kind() { return "load_activations"; }

        @Override
        public boolean startsOccupancy() { return true; }
    }

    /**
     * Load the kept values of a weight tile (compressed if sparse, dense otherwise) into a shared slot.
     *
     * @param region the tile in A's logical (dense) coordinates, M×K
     * @param blobOffset byte offset of this tile's values in the weight's value blob, -1 when the
     *        program carries shapes only (no weights)
     */
    record LoadWeightValues(int id, int layer, int core, int gemm, int tensor, Region region, long bytes,
                            int slot, MemoryLevel source, MemoryLevel destination, long blobOffset) implements TileOp {
        public String kind() { return "load_weight_values"; }

        @Override
        public boolean startsOccupancy() { return true; }
    }

    /** Load a sparse weight tile's index metadata (a separate operand with its own bytes) into a shared slot. */
    record LoadMetadata(int id, int layer, int core, int gemm, int tensor, Region region, long bytes,
                        int slot, MemoryLevel source, MemoryLevel destination, long blobOffset) implements TileOp {
        public String kind() { return "load_metadata"; }

        @Override
        public boolean startsOccupancy() { return true; }
    }

    /**
     * The MMA instructions of one block tile's K-step: C[tile] (+)= A[tile]·B[tile] into the accumulator
     * slot. Reads its operands from the shared buffer ({@code bytes} = operand bytes read).
     *
     * @param sparse true for N:M sparse MMAs (A = values + metadata)
     * @param pattern "2:4" etc. when sparse, else null
     * @param shapeM MMA instruction m
     * @param shapeN MMA instruction n
     * @param shapeK K consumed per instruction (the dense k, or k·m/n for sparse)
     * @param mmaCount MMA instructions (tile padded up to the instruction shape)
     * @param macs useful MACs: bm·bn·bk, times n/m when sparse
     * @param accumulate false for the first K-step (initialises the accumulator)
     */
    record Mma(int id, int layer, int core, int gemm, Tile tile, boolean sparse, String pattern,
               DType dtype, int shapeM, int shapeN, int shapeK, long mmaCount, long macs,
               int aSlot, int metaSlot, int bSlot, int slot, boolean accumulate, long bytes,
               MemoryLevel source, MemoryLevel destination) implements TileOp {
        public String kind() { return "mma"; }

        @Override
        public boolean startsOccupancy() { return !accumulate; }

        @Override
        public List<Integer> readSlots() {
            return metaSlot >= 0 ? List.of(aSlot, metaSlot, bSlot) : List.of(aSlot, bSlot);
        }
    }

    /**
     * Adds the split-K partial sums of one output tile, computed by other cores and stored in the
     * GEMM's PARTIAL tensor, into this core's accumulator.
     *
     * @param splits the split indices s (1..splitK-1) read, rows (s-1)·M + tile rows of the partial tensor
     */
    record Reduce(int id, int layer, int core, int gemm, Tile tile, int partialTensor, List<Integer> splits,
                  long bytes, int slot, MemoryLevel source, MemoryLevel destination) implements TileOp {
        public Reduce {
            splits = List.copyOf(splits);
        }

        public String kind() { return "reduce"; }
    }

    /**
     * A vector-unit operation. Fused (gemm ≥ 0): applied to the accumulator slot of a GEMM tile before its
     * store, reading only its parameter inputs (bias) from memory. Standalone (gemm = -1): streams its
     * inputs from memory and writes {@code output} back.
     *
     * @param elements elements computed
     * @param tile for fused ops the accumulator tile, else null
     * @param inputs regions read from memory (standalone: data then parameters; fused: bias)
     * @param output region written (standalone), null when fused
     * @param scale SOFTMAX scale (1/sqrt(head dim)), else 1
     * @param eps LAYERNORM epsilon, else 0
     * @param causal SOFTMAX masks keys after the query
     */
    record VectorOp(int id, int layer, int core, VectorKind vectorKind, long elements, int gemm, Tile tile,
                    List<TensorRegion> inputs, TensorRegion output, double scale, double eps, boolean causal,
                    long bytes, int slot, MemoryLevel source, MemoryLevel destination) implements TileOp {
        public VectorOp {
            inputs = List.copyOf(inputs);
        }

        public String kind() { return "vector"; }

        @Override
        public List<Integer> readSlots() { return slot >= 0 ? List.of(slot) : List.of(); }
    }

    /**
     * Writes an accumulator tile to memory: the GEMM's result (converted to the element type) or, when
     * {@code partial}, float32 split-K partial sums.
     *
     * @param target storage rectangle written
     */
    record Store(int id, int layer, int core, int gemm, Tile tile, TensorRegion target, boolean partial,
                 long bytes, int slot, MemoryLevel source, MemoryLevel destination) implements TileOp {
        public String kind() { return "store"; }

        @Override
        public List<Integer> readSlots() { return List.of(slot); }
    }
}
