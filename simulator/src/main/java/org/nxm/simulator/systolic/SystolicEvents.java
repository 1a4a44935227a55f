package org.nxm.simulator.systolic;

/**
 * What the event-driven engine reports while it runs, for nxm's own trace format. Cycles are the
 * layer's own (DRAM fills may start before cycle 0; {@link #begin} says how far).
 */
public interface SystolicEvents {
    /** Operands of a DRAM transfer. */
    enum Operand { IFMAP, FILTER, OFMAP }

    /** A layer starts; its earliest DRAM cycle is {@code -lead}. */
    default void begin(Layer layer, long lead) {}

    /** One fold: {@code lines} compute lines from {@code start}, {@code macs} useful MACs. */
    default void fold(long start, long lines, long macs) {}

    /** The array waits {@code cycles} from {@code start} (memory stall). */
    default void stall(long start, long cycles) {}

    /** DRAM moves {@code words} of an operand during [start, start + cycles). */
    default void dram(Operand operand, long start, long cycles, long words) {}

    /** The layer ends; its last cycle (SCALE-Sim's Total Cycles) and the last DRAM write cycle. */
    default void end(long totalCycles, long lastDramCycle) {}

    SystolicEvents NONE = new SystolicEvents() { };
}
