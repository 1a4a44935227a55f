package org.nxm.traces;

/** The kind of hardware resource a trace unit (one track) stands for. Stored by {@link #code()}. */
public enum UnitKind {
    /** A (sparse) tensor core or PE array: MMA events, MACs; its peak is MACs per cycle. */
    CORE(1),
    /** A buffer or cache level (operand buffer, shared buffer, L2): transfers; its peak is bytes per cycle. */
    MEMORY_LEVEL(2),
    /** One DRAM / HBM channel: transfers; its peak is bytes per cycle. Bytes on these units are DRAM bytes. */
    DRAM_CHANNEL(3),
    /** A vector / SIMD unit (softmax, GELU, LayerNorm, residual adds); its peak is elements per cycle. */
    VECTOR_UNIT(4);

    private final int code;

    UnitKind(int code) { this.code = code; }

    public int code() { return code; }

    public static UnitKind ofCode(int code) {
        for (UnitKind k : values()) if (k.code == code) return k;
        return null;
    }
}
