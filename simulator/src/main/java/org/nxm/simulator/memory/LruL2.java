package org.nxm.simulator.memory;

/**
 * L2 contents as an LRU over lines of 32×32 elements of a tensor (its granularity only decides
 * how partial overlaps between differently tiled producers and consumers count). A line is allocated
 * whole (its bytes count against the capacity), but it holds only the 8×8-element sectors that were
 * touched: a tile of 16 rows misses its own rows and leaves the line's other rows missing for the tile
 * that needs them (whole-line residency let every second 16-row weight tile hit without ever having been
 * read from DRAM, halving the weight traffic of skinny tilings). Open-addressing
 * hash of line keys plus an intrusive doubly linked recency list, all in primitive arrays: a
 * BERT-sized program touches millions of lines.
 */
public final class LruL2 {
    public static final int LINE = 32;
    /** Sector edge: a line holds (LINE / SECTOR)² sectors, one bit each of its mask. */
    public static final int SECTOR = 8;
    private static final int SECTORS = LINE / SECTOR;
    private final long capacity;
    private long used;
    private long[] keys = new long[1 << 12];
    private int[] slotOf = new int[1 << 12];     // hash slot -> entry + 1 (0 = empty)
    private long[] entryKey = new long[1 << 10];
    private long[] entryBytes = new long[1 << 10];
    private int[] entryMask = new int[1 << 10];   // sectors present
    private int[] prev = new int[1 << 10], next = new int[1 << 10];
    private int entries;                          // entries ever allocated (free list reuses)
    private int freeHead = -1;
    private int head = -1, tail = -1;             // head = least recently used
    private int live;

    public LruL2(long capacity) { this.capacity = capacity; }

    /** Bytes of this load that come from DRAM (lines not resident); all its lines are resident afterwards. */
    public long load(Footprint f, long bytes) {
        if (f == null || f.elements() == 0) return bytes;
        double bytesPerElement = (double) bytes / f.elements();
        long missElems = touch(f, bytesPerElement);
        return Math.min(bytes, (long) Math.ceil(missElems * bytesPerElement));
    }

    public void store(Footprint f, long bytes) {
        if (f != null && f.elements() > 0) touch(f, (double) bytes / f.elements());
    }

    private long touch(Footprint f, double bytesPerElement) {
        long missed = 0;
        long lineBytes = (long) Math.ceil(LINE * LINE * bytesPerElement);
        int r1 = f.row0() + f.rows(), c1 = f.col0() + f.cols();
        for (int rb = f.row0() / LINE; rb * LINE < r1; rb++) {
            int ra = Math.max(f.row0(), rb * LINE), rz = Math.min(r1, (rb + 1) * LINE);
            for (int cb = f.col0() / LINE; cb * LINE < c1; cb++) {
                int ca = Math.max(f.col0(), cb * LINE), cz = Math.min(c1, (cb + 1) * LINE);
                long key = ((long) f.tensor() << 42) ^ ((long) f.space() << 40) ^ ((long) rb << 20) ^ cb;
                int e = find(key);
                int have = e >= 0 ? entryMask[e] : 0, want = 0;
                for (int sr = (ra - rb * LINE) / SECTOR; sr <= (rz - 1 - rb * LINE) / SECTOR; sr++) {
                    int rows = Math.min(rz, rb * LINE + (sr + 1) * SECTOR) - Math.max(ra, rb * LINE + sr * SECTOR);
                    for (int sc = (ca - cb * LINE) / SECTOR; sc <= (cz - 1 - cb * LINE) / SECTOR; sc++) {
                        int bit = 1 << (sr * SECTORS + sc);
                        want |= bit;
                        if ((have & bit) != 0) continue;
                        missed += (long) rows * (Math.min(cz, cb * LINE + (sc + 1) * SECTOR) - Math.max(ca, cb * LINE + sc * SECTOR));
                    }
                }
                if (e >= 0) {
                    entryMask[e] = have | want;
                    moveToTail(e);
                    continue;
                }
                insert(key, lineBytes, want);
                while (used > capacity && head >= 0) evict(head);
            }
        }
        return missed;
    }

    /**
     * The contents, least recently used first: line keys with the tensor id shifted down by
     * {@code tensorShift} (so two states of identical pieces at different tensor offsets compare equal),
     * each followed by its bytes and its sectors. Two LRUs with equal contents give the same hits for the same
     * accesses.
     */
    public long[] contents(int tensorShift) {
        long[] out = new long[3 * live];
        int i = 0;
        for (int e = head; e >= 0; e = next[e]) {
            out[i++] = entryKey[e] - ((long) tensorShift << 42);
            out[i++] = entryBytes[e];
            out[i++] = entryMask[e];
        }
        return out;
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private int find(long key) {
        int mask = keys.length - 1;
        for (int s = hash(key) & mask; slotOf[s] != 0; s = (s + 1) & mask) {
            if (keys[s] == key) return slotOf[s] - 1;
        }
        return -1;
    }

    private void insert(long key, long bytes, int mask0) {
        if ((live + 1) * 2 > keys.length) rehash(keys.length * 2);
        int e;
        if (freeHead >= 0) {
            e = freeHead;
            freeHead = next[e];
        } else {
            if (entries == entryKey.length) {
                int n = entryKey.length * 2;
                entryKey = java.util.Arrays.copyOf(entryKey, n);
                entryBytes = java.util.Arrays.copyOf(entryBytes, n);
                entryMask = java.util.Arrays.copyOf(entryMask, n);
                prev = java.util.Arrays.copyOf(prev, n);
                next = java.util.Arrays.copyOf(next, n);
            }
            e = entries++;
        }
        entryKey[e] = key;
        entryBytes[e] = bytes;
        entryMask[e] = mask0;
        prev[e] = tail;
        next[e] = -1;
        if (tail >= 0) next[tail] = e; else head = e;
        tail = e;
        int mask = keys.length - 1;
        int s = hash(key) & mask;
        while (slotOf[s] != 0) s = (s + 1) & mask;
        keys[s] = key;
        slotOf[s] = e + 1;
        used += bytes;
        live++;
    }

    private void moveToTail(int e) {
        if (e == tail) return;
        unlink(e);
        prev[e] = tail;
        next[e] = -1;
        if (tail >= 0) next[tail] = e; else head = e;
        tail = e;
    }

    private void unlink(int e) {
        if (prev[e] >= 0) next[prev[e]] = next[e]; else head = next[e];
        if (next[e] >= 0) prev[next[e]] = prev[e]; else tail = prev[e];
    }

    private void evict(int e) {
        unlink(e);
        used -= entryBytes[e];
        live--;
        removeKey(entryKey[e]);
        next[e] = freeHead;
        freeHead = e;
    }

    /** Linear-probing delete with back-shift, so lookups never stop at a hole. */
    private void removeKey(long key) {
        int mask = keys.length - 1;
        int s = hash(key) & mask;
        while (keys[s] != key || slotOf[s] == 0) s = (s + 1) & mask;
        slotOf[s] = 0;
        for (int j = (s + 1) & mask; slotOf[j] != 0; j = (j + 1) & mask) {
            int home = hash(keys[j]) & mask;
            // Move j back to s if s lies cyclically in [home, j).
            if (((j - home) & mask) >= ((j - s) & mask)) {
                keys[s] = keys[j];
                slotOf[s] = slotOf[j];
                slotOf[j] = 0;
                s = j;
            }
        }
    }

    private void rehash(int size) {
        long[] oldKeys = keys;
        int[] oldSlots = slotOf;
        keys = new long[size];
        slotOf = new int[size];
        int mask = size - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldSlots[i] == 0) continue;
            int s = hash(oldKeys[i]) & mask;
            while (slotOf[s] != 0) s = (s + 1) & mask;
            keys[s] = oldKeys[i];
            slotOf[s] = oldSlots[i];
        }
    }
}
