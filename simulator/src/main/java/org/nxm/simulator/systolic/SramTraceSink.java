package org.nxm.simulator.systolic;

/** Receives SCALE-Sim's per-line SRAM trace: each operand's served cycle and the addresses of that line. */
public interface SramTraceSink {
    void line(long ifmapCycle, long[] ifmap, long filterCycle, long[] filter, long ofmapCycle, long[] ofmap);
}
