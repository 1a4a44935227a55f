package org.nxm.simulator.systolic;

/** Receives DRAM-side transfers (one SCALE-Sim trace line: a cycle and the words moved then). */
public interface DramTraceSink {
    /** One DRAM request line issued (reads) or written (writes) at {@code cycle}; -1 entries are idle slots. */
    void line(long cycle, long[] addresses, int count);

    DramTraceSink NONE = (c, a, n) -> { };
}
