package org.nxm.simulator.systolic;

/** A growable FIFO of longs (OFMAP addresses waiting in the write buffer, for traces). */
final class LongFifo {
    private long[] a = new long[64];
    private int head, size;

    void add(long v) {
        if (size == a.length) {
            long[] b = new long[a.length * 2];
            for (int i = 0; i < size; i++) b[i] = a[(head + i) % a.length];
            a = b;
            head = 0;
        }
        a[(head + size++) % a.length] = v;
    }

    /** The next value, or -1 when empty. */
    long poll() {
        if (size == 0) return -1;
        long v = a[head];
        head = (head + 1) % a.length;
        size--;
        return v;
    }
}
