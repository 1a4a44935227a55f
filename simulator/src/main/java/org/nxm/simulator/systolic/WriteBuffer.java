package org.nxm.simulator.systolic;

import java.util.ArrayDeque;

/**
 * SCALE-Sim v2's double-buffered OFMAP SRAM (its {@code write_buffer}): words are packed into lines
 * of {@code bw} words; when the free space falls below the active half, the packed lines are
 * flushed (a partial line included) and the drain half, ⌈drain words/bw⌉ lines, goes to DRAM at
 * one line per cycle. A write that finds the SRAM full while a drain is running waits for it.
 *
 * <p>One SCALE-Sim quirk is kept on purpose: a drain counts its words as lines × bw less the idle
 * slots of its <em>last</em> line only, so a partial line flushed earlier and drained in the middle
 * of a later batch is counted as full (this is why SCALE-Sim sometimes reports a few more OFMAP
 * DRAM writes than words written).
 *
 * <p>Words are handled in batches ({@link #write(long, long)}), so the cost is per event, not per word.
 */
final class WriteBuffer {
    private final long total, activeSize, drainSize;
    private final int bw;
    private final DramTraceSink trace;
    private long freeSpace;
    private long lineIdx;
    /** Queued lines as runs: [lines, valid words in the run's last line]. */
    private final ArrayDeque<long[]> runs = new ArrayDeque<>();
    private long queuedLines;
    private boolean anyLine;
    private long drainEnd;
    long numAccess;
    long dramStart = Long.MIN_VALUE, dramStop = Long.MIN_VALUE;

    private SystolicEvents events = SystolicEvents.NONE;
    private LongFifo addresses;

    void events(SystolicEvents e) { this.events = e; }

    private long[] lineBuf;

    /** For traces: the OFMAP addresses in the order they are written, drained alongside the counts. */
    void traceAddresses(LongFifo written) {
        this.addresses = written;
        this.lineBuf = new long[bw];
    }

    WriteBuffer(long sizeWords, int bw, DramTraceSink trace) {
        this.total = sizeWords;
        this.activeSize = (long) Math.ceil(sizeWords * 0.5);
        this.drainSize = sizeWords - activeSize;
        this.bw = bw;
        this.freeSpace = sizeWords;
        this.trace = trace;
    }

    /** Writes {@code count} words arriving on one line at {@code cycle}; returns the cycle they are accepted. */
    long write(long count, long cycle) {
        long current = cycle;
        while (count > 0) {
            if (current < drainEnd) {
                long quiet = Math.min(count, Math.max(freeSpace - 1, 0));
                store(quiet);
                count -= quiet;
                if (count == 0) break;
                store(1);
                count--;
                if (freeSpace <= 0) current = drainEnd;
            } else {
                long quiet = Math.min(count, Math.max(freeSpace - activeSize, 0));
                store(quiet);
                count -= quiet;
                if (count == 0) break;
                store(1);
                count--;
                if (freeSpace < activeSize) {
                    flush();
                    drainEnd = drain(current);
                }
            }
        }
        return current;
    }

    private void store(long k) {
        if (k <= 0) return;
        freeSpace -= k;
        long filled = lineIdx + k;
        long full = filled / bw;
        lineIdx = filled % bw;
        if (full > 0) pushLines(full, bw);
    }

    private void pushLines(long lines, long lastValid) {
        anyLine = true;
        long[] tail = runs.peekLast();
        if (tail != null && tail[1] == bw) {
            tail[0] += lines;
            tail[1] = lastValid;
        } else {
            runs.addLast(new long[] {lines, lastValid});
        }
        queuedLines += lines;
    }

    private void flush() {
        if (lineIdx != 0) {
            pushLines(1, lineIdx);
            lineIdx = 0;
        }
    }

    private long drain(long start) {
        long want = Math.min((drainSize + bw - 1) / bw, queuedLines);
        long taken = 0, lastValid = bw;
        while (taken < want) {
            long[] head = runs.peekFirst();
            long take = Math.min(head[0], want - taken);
            long runLast;
            if (take == head[0]) {
                lastValid = head[1];
                runLast = head[1];
                runs.pollFirst();
            } else {
                lastValid = bw;
                runLast = bw;
                head[0] -= take;
            }
            if (addresses != null) {
                for (long i = 0; i < take; i++) {
                    int words = (int) (i == take - 1 ? runLast : bw);
                    java.util.Arrays.fill(lineBuf, -1);
                    for (int w = 0; w < words; w++) lineBuf[w] = addresses.poll();
                    trace.line(start + taken + i, lineBuf, bw);
                }
            }
            taken += take;
        }
        queuedLines -= taken;
        long data = (taken - 1) * bw + lastValid;
        numAccess += data;
        freeSpace += data;
        if (dramStart == Long.MIN_VALUE) dramStart = start;
        events.dram(SystolicEvents.Operand.OFMAP, start, taken, data);
        dramStop = start + taken - 1;
        return start + taken - 1;
    }

    /** SCALE-Sim's final write-back after the last OFMAP line (served at {@code cycle}). */
    void drainAll(long cycle) {
        flush();
        if (!anyLine) return;
        while (queuedLines > 0) {
            drainEnd = drain(cycle);
            cycle = drainEnd + 1;
        }
    }
}
