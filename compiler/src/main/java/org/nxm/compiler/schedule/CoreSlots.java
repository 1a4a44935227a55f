package org.nxm.compiler.schedule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nxm.compiler.program.BufferSlot;
import org.nxm.compiler.program.ByteRange;

/**
 * One core's buffer bytes as they were last written: for each written range, the ops a later write into
 * it must wait for (its readers since the write, or the writer when nothing read it yet); and the core's
 * ping-pong parities (operand slots per K-step, accumulator slots per work unit).
 *
 * <p>A write that covers only part of an earlier range leaves the rest live with the same readers
 * ({@link ByteRange#minus}): when a GEMM with larger tiles follows one with smaller tiles, its first load
 * overlaps two of the old slots and a later load the remainder of the second, and that later load must
 * still wait for the old slot's MMA (before this was kept, those BUFFER_REUSE edges were missing).
 */
final class CoreSlots {
    int parity;
    int accParity;

    /** Bytes last written by one op: who must finish before they are overwritten. */
    private static final class Written {
        final ByteRange bytes;
        int[] waitFor;
        boolean read;

        Written(ByteRange bytes, int writer) {
            this.bytes = bytes;
            this.waitFor = new int[] {writer};
        }

        Written(ByteRange bytes, Written of) {
            this.bytes = bytes;
            this.waitFor = of.waitFor;
            this.read = of.read;
        }
    }

    private final List<Written> live = new ArrayList<>();

    /** {@code writer} writes {@code s}; returns the ops it must wait for (readers, or writers nobody read). */
    List<Integer> write(BufferSlot s, int writer) {
        ByteRange r = s.range();
        List<Integer> wait = new ArrayList<>();
        List<Written> next = new ArrayList<>(live.size() + 2);
        for (Written w : live) {
            if (!w.bytes.overlaps(r)) {
                next.add(w);
                continue;
            }
            for (int op : w.waitFor) if (!wait.contains(op)) wait.add(op);
            for (ByteRange rest : w.bytes.minus(r)) next.add(new Written(rest, w));
        }
        next.add(new Written(r, writer));
        live.clear();
        live.addAll(next);
        return wait;
    }

    /** {@code reader} reads {@code s}: a later write into these bytes waits for it. */
    void read(BufferSlot s, int reader) {
        ByteRange r = s.range();
        for (Written w : live) {
            if (!w.bytes.overlaps(r)) continue;
            if (!w.read) {
                w.waitFor = new int[] {reader};
                w.read = true;
            } else {
                int[] n = Arrays.copyOf(w.waitFor, w.waitFor.length + 1);
                n[w.waitFor.length] = reader;
                w.waitFor = n;
            }
        }
    }
}
