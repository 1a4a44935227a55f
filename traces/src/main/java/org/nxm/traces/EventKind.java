package org.nxm.traces;

/**
 * What a trace event records. Each kind has a stable one-byte {@link #code()} that is what the file stores,
 * so new kinds may be appended without breaking old files; never renumber.
 */
public enum EventKind {
    LOAD_ACTIVATIONS(1, Category.LOAD),
    LOAD_VALUES(2, Category.LOAD),
    LOAD_METADATA(3, Category.LOAD),
    LOAD_WEIGHTS_DENSE(4, Category.LOAD),
    MMA_DENSE(10, Category.MMA),
    MMA_SPARSE(11, Category.MMA),
    ACCUMULATE(12, Category.VECTOR),
    VECTOR(13, Category.VECTOR),
    STORE(20, Category.STORE),
    STALL_MEMORY(30, Category.STALL),
    STALL_DEPENDENCY(31, Category.STALL),
    STALL_COMPUTE(32, Category.STALL),
    STALL_BANK_CONFLICT(33, Category.STALL);

    /** Coarse grouping used by the analyses (busy time, memory time, stall breakdown). */
    public enum Category { LOAD, MMA, VECTOR, STORE, STALL }

    private static final EventKind[] BY_CODE = new EventKind[256];
    static {
        for (EventKind k : values()) BY_CODE[k.code] = k;
    }

    private final int code;
    private final Category category;

    EventKind(int code, Category category) {
        this.code = code;
        this.category = category;
    }

    public int code() { return code; }

    public Category category() { return category; }

    public boolean isStall() { return category == Category.STALL; }

    /** Memory traffic: loads and stores (their bytes move through a memory level). */
    public boolean isTransfer() { return category == Category.LOAD || category == Category.STORE; }

    public boolean isMma() { return category == Category.MMA; }

    /** The kind for a stored code, or null when the code is unknown to this reader. */
    public static EventKind ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
