package org.nxm.simulator.systolic;

/**
 * The event-driven form of SCALE-Sim's CALC-mode read buffer ({@link EstimateReadBuffer}). A word
 * costs a DRAM read when it was not read since the last epoch boundary (every 50·⌊words/100⌋ reads
 * from DRAM). Because an operand is consumed as sweeps that repeat the same word order, the words
 * of the current sweep group still in the epoch are always a suffix of that order, so each sweep
 * is settled in O(1 + epochs it crosses).
 */
final class EpochTracker {
    final long perSet, epoch;
    long adds, triggers, epochAdds;
    /** Sweep-order index from which the current group's words are in the epoch (== size: none). */
    private long inEpochFrom;
    private Object group;
    /** Index within the sweep of the last epoch boundary, or -1 (per sweep). */
    long lastTriggerIndex;

    EpochTracker(long sizeWords) {
        perSet = sizeWords / 100;
        epoch = 50 * perSet;
    }

    /** Settles one sweep of {@code size} words of {@code groupKey}; returns the index of its last epoch boundary or -1. */
    long sweep(Object groupKey, long size) {
        if (!groupKey.equals(group)) {
            group = groupKey;
            inEpochFrom = size;
        }
        long pos = 0, addEnd = inEpochFrom, last = -1;
        while (pos < addEnd) {
            long need = epoch - epochAdds;
            if (addEnd - pos >= need) {
                pos += need;
                adds += need;
                epochAdds = 0;
                triggers++;
                last = pos - 1;
                addEnd = size; // the epoch was forgotten: the rest of the sweep is fetched again
            } else {
                adds += addEnd - pos;
                epochAdds += addEnd - pos;
                pos = addEnd;
            }
        }
        inEpochFrom = last < 0 ? 0 : last + 1;
        lastTriggerIndex = last;
        return last;
    }
}
