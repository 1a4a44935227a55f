package org.nxm.simulator.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LruL2Test {
    /** The obvious LRU over the same lines, with a LinkedHashMap in access order. */
    static final class ReferenceLru {
        final long capacity;
        long used;
        final LinkedHashMap<Long, Long> lines = new LinkedHashMap<>(16, 0.75f, true);

        ReferenceLru(long capacity) { this.capacity = capacity; }

        long load(Footprint f, long bytes) {
            double bpe = (double) bytes / f.elements();
            long lineBytes = (long) Math.ceil(32 * 32 * bpe);
            long missed = 0;
            for (int r = f.row0(); r < f.row0() + f.rows(); r++) {
                for (int c = f.col0(); c < f.col0() + f.cols(); c++) {
                    long key = ((long) f.tensor() << 42) ^ ((long) f.space() << 40) ^ ((long) (r / 32) << 20) ^ (c / 32);
                    if (lines.containsKey(key)) { lines.get(key); continue; }
                    missed++;
                    // Count the whole line's elements of this footprint as missed, once.
                    lines.put(key, lineBytes);
                    used += lineBytes;
                    var it = lines.entrySet().iterator();
                    while (used > capacity && it.hasNext()) { used -= it.next().getValue(); it.remove(); }
                }
            }
            return missed;
        }
    }

    @Test
    void lruEvictsTheLeastRecentlyUsedLine() {
        // Capacity of exactly two 32x32 fp16 lines.
        LruL2 l2 = new LruL2(2 * 2048);
        var a = new Footprint(0, 0, 0, 32, 0, 32);
        var b = new Footprint(0, 0, 32, 32, 0, 32);
        var c = new Footprint(0, 0, 64, 32, 0, 32);
        assertEquals(2048, l2.load(a, 2048));
        assertEquals(2048, l2.load(b, 2048));
        assertEquals(0, l2.load(a, 2048));        // a is now most recent
        assertEquals(2048, l2.load(c, 2048));     // evicts b
        assertEquals(0, l2.load(a, 2048));
        assertEquals(2048, l2.load(b, 2048));     // b was evicted; evicts c
        assertEquals(2048, l2.load(c, 2048));
        // A partial footprint inside one resident line hits.
        assertEquals(0, l2.load(new Footprint(0, 0, 70, 4, 3, 8), 64));
    }

    @Test
    void matchesReferenceLruOnRandomAlignedTraffic() {
        SplittableRandom rnd = new SplittableRandom(6);
        LruL2 l2 = new LruL2(40 * 2048);
        ReferenceLru ref = new ReferenceLru(40 * 2048);
        for (int i = 0; i < 5000; i++) {
            var f = new Footprint(rnd.nextInt(2), 0, 32 * rnd.nextInt(12), 32, 32 * rnd.nextInt(12), 32);
            long miss = l2.load(f, 2048);
            long refMissElems = ref.load(f, 2048);
            assertEquals(refMissElems > 0 ? 2048 : 0, miss, "access " + i);
        }
    }

    @Test
    void aPartialLineBringsInOnlyTheSectorsItTouches() {
        LruL2 l2 = new LruL2(1 << 20);
        // Two 16-row weight tiles of one 32-row line: each is its own DRAM traffic (fp16: 16 x 32 x 2 bytes).
        assertEquals(1024, l2.load(new Footprint(0, 0, 0, 16, 0, 32), 1024));
        assertEquals(1024, l2.load(new Footprint(0, 0, 16, 16, 0, 32), 1024));
        assertEquals(0, l2.load(new Footprint(0, 0, 0, 32, 0, 32), 2048));
        // Four 8-column slices of 512 cache rows (the decode context GEMM's B tiles): every slice from DRAM.
        for (int c = 0; c < 32; c += 8) assertEquals(512 * 8 * 2, l2.load(new Footprint(1, 0, 0, 512, c, 8), 512 * 8 * 2), "slice " + c);
        assertEquals(0, l2.load(new Footprint(1, 0, 0, 512, 8, 8), 512 * 8 * 2));
        // A tile overlapping resident and new sectors pays for the new ones only.
        assertEquals(16 * 8 * 2, l2.load(new Footprint(2, 0, 0, 16, 0, 8), 16 * 8 * 2));
        assertEquals(16 * 8 * 2, l2.load(new Footprint(2, 0, 0, 16, 0, 16), 16 * 16 * 2));
    }
}
