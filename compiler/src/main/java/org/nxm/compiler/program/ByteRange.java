package org.nxm.compiler.program;

import java.util.ArrayList;
import java.util.List;

/**
 * Bytes {@code [start, end)} of one per-core buffer level: what a {@link BufferSlot} covers. The overlap
 * and cut arithmetic of buffer reuse lives here once, for the scheduler (which adds BUFFER_REUSE edges)
 * and the validator (which checks them).
 */
public record ByteRange(MemoryLevel level, long start, long end) {
    /** Whether the two ranges share at least one byte of the same level. */
    public boolean overlaps(ByteRange o) {
        return level == o.level && start < o.end && o.start < end;
    }

    /**
     * What is left of this range once {@code cut} is overwritten: none, one or two ranges (this range
     * itself when they do not overlap). A later write into a left-over part must still wait for this
     * range's readers: a write that covered only part of it does not order them.
     */
    public List<ByteRange> minus(ByteRange cut) {
        if (!overlaps(cut)) return List.of(this);
        List<ByteRange> left = new ArrayList<>(2);
        if (start < cut.start) left.add(new ByteRange(level, start, cut.start));
        if (cut.end < end) left.add(new ByteRange(level, cut.end, end));
        return left;
    }
}
