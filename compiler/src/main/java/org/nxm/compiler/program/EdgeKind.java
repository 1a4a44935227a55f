package org.nxm.compiler.program;

/**
 * Why one op must wait for another. DATA: the consumer reads what the producer wrote (read-after-write).
 * BUFFER_REUSE: the later op overwrites a buffer region the earlier op still reads (write-after-read),
 * which is what double buffering must respect.
 */
public enum EdgeKind { DATA, BUFFER_REUSE }
