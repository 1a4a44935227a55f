package org.nxm.simulator.engine;

import java.util.Arrays;

/** A binary min-heap of primitive longs (no boxing: the engines push millions of keys). */
public final class LongHeap {
    private long[] heap;
    private int size;

    public LongHeap(int capacity) { heap = new long[Math.max(4, capacity)]; }

    public boolean isEmpty() { return size == 0; }
    public int size() { return size; }
    public long peek() { return heap[0]; }

    public void push(long v) {
        if (size == heap.length) heap = Arrays.copyOf(heap, heap.length * 2);
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= v) break;
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = v;
    }

    public long pop() {
        long top = heap[0];
        long last = heap[--size];
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            if (c + 1 < size && heap[c + 1] < heap[c]) c++;
            if (last <= heap[c]) break;
            heap[i] = heap[c];
            i = c;
        }
        if (size > 0) heap[i] = last;
        return top;
    }
}
