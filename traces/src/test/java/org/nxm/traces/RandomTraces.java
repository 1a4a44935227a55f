package org.nxm.traces;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random events over a small declared machine, for property-style tests. */
public final class RandomTraces {
    private RandomTraces() {}

    public static TraceHeader header() {
        TraceHeader.Builder b = TraceHeader.builder().hardware("test-hw", "sha256:abc").clockHz(1.41e9);
        int dram = b.memoryLevel("dram", 64);
        int smem = b.memoryLevel("shared", 256);
        b.unit("core0", UnitKind.CORE, -1, 1024);
        b.unit("core1", UnitKind.CORE, -1, 1024);
        b.unit("smem", UnitKind.MEMORY_LEVEL, smem, 256);
        b.unit("dram.ch0", UnitKind.DRAM_CHANNEL, dram, 32);
        b.unit("dram.ch1", UnitKind.DRAM_CHANNEL, dram, 32);
        b.unit("vec0", UnitKind.VECTOR_UNIT, -1, 32);
        b.layer("encoder.layer.0.attention.self.query");
        b.layer("encoder.layer.0.intermediate.dense");
        b.layer("encoder.layer.1.output.dense");
        b.meta("model", "minilm-l6").meta("pattern", "2:4");
        return b.build();
    }

    /** n random events, including extreme values (sums may overflow), unsorted starts, no-layer events. */
    public static List<TraceEvent> events(long seed, int n) {
        return events(seed, n, true);
    }

    /** n random events; without extremes every sum fits a long, for checking analyses. */
    public static List<TraceEvent> events(long seed, int n, boolean extremes) {
        Random r = new Random(seed);
        EventKind[] kinds = EventKind.values();
        List<TraceEvent> out = new ArrayList<>(n);
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += r.nextInt(50);
            long start = r.nextInt(20) == 0 ? Math.max(0, t - r.nextInt(1000)) : t; // some out of order
            long duration = extremes && r.nextInt(100) == 0 ? (1L << 40) + r.nextInt(1000) : r.nextInt(500);
            int layer = r.nextInt(3 + 1) - 1;
            int op = r.nextInt(10) == 0 ? r.nextInt() : i;
            long bytes = r.nextInt(3) == 0 ? 0 : (extremes && r.nextInt(50) == 0 ? Long.MAX_VALUE / 4 : r.nextInt(1 << 20));
            long macs = r.nextInt(2) == 0 ? 0 : r.nextInt(1 << 24);
            out.add(new TraceEvent(kinds[r.nextInt(kinds.length)], r.nextInt(6), start, duration, layer, op, bytes, macs));
        }
        return out;
    }
}
