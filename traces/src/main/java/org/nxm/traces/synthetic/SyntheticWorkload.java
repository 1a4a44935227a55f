package org.nxm.traces.synthetic;

import java.nio.file.Path;
import java.util.Locale;
import org.nxm.traces.EventKind;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.TraceSink;
import org.nxm.traces.UnitKind;
import org.nxm.traces.format.Compression;
import org.nxm.traces.format.NxmtWriter;
import org.nxm.traces.format.WriterOptions;

/**
 * A plausible trace without the simulator: a BERT-style encoder run through a toy timing model (tiled GEMMs on
 * round-robin cores, weight tiles streamed from DRAM channels with double buffering, activations from a shared
 * buffer, vector ops for softmax / GELU / LayerNorm). It exists to test and benchmark the traces module, to
 * draw the example plots, and to produce long traces on demand; it is NOT the simulator and its cycle counts
 * are not predictions of any hardware.
 *
 * <p>Units: cores 0..c-1, then {@code smem} (shared level), {@code dram.ch0..} (DRAM level), {@code vec0}.
 */
public final class SyntheticWorkload {

    /**
     * @param layers    encoder layers
     * @param seq       tokens per batch (the GEMM M dimension)
     * @param hidden    hidden size
     * @param ffn       feed-forward size
     * @param heads     attention heads
     * @param n         kept weights per group (n == m: dense)
     * @param m         group size
     * @param cores     tensor cores
     * @param channels  DRAM channels
     * @param batches   how many times the whole model runs back to back
     */
    public record Spec(int layers, int seq, int hidden, int ffn, int heads, int n, int m, int cores, int channels, int batches) {
        public static Spec minilm(int n, int m) { return new Spec(6, 128, 384, 1536, 12, n, m, 4, 2, 1); }

        public Spec withBatches(int b) { return new Spec(layers, seq, hidden, ffn, heads, n, m, cores, channels, b); }

        boolean sparse() { return n < m; }
    }

    static final int TILE = 64;
    static final int BYTES_PER_VALUE = 2; // float16
    static final double CORE_MACS_PER_CYCLE = 512;
    static final double CHANNEL_BYTES_PER_CYCLE = 16;
    static final double SMEM_BYTES_PER_CYCLE = 256;
    static final double VECTOR_ELEMENTS_PER_CYCLE = 64;
    static final long DRAM_LATENCY = 120;

    private final Spec spec;
    private final TraceHeader header;
    private final TraceSink sink;
    private final long maxEvents;
    private long emitted;
    private final long[] coreFree;
    private final long[] channelFree;
    private long smemFree;
    private long vecFree;
    private int op;

    private SyntheticWorkload(Spec spec, TraceSink sink, long maxEvents) {
        this.spec = spec;
        this.header = header(spec);
        this.sink = sink;
        this.maxEvents = maxEvents;
        coreFree = new long[spec.cores()];
        channelFree = new long[spec.channels()];
    }

    /** The header the workload's events refer to. */
    public static TraceHeader header(Spec s) {
        TraceHeader.Builder b = TraceHeader.builder().hardware("synthetic-edge", "synthetic-" + Integer.toHexString(s.hashCode())).clockHz(1.0e9);
        int dram = b.memoryLevel("dram", CHANNEL_BYTES_PER_CYCLE * s.channels());
        int smem = b.memoryLevel("shared", SMEM_BYTES_PER_CYCLE);
        for (int c = 0; c < s.cores(); c++) b.unit("core" + c, UnitKind.CORE, -1, CORE_MACS_PER_CYCLE);
        b.unit("smem", UnitKind.MEMORY_LEVEL, smem, SMEM_BYTES_PER_CYCLE);
        for (int c = 0; c < s.channels(); c++) b.unit("dram.ch" + c, UnitKind.DRAM_CHANNEL, dram, CHANNEL_BYTES_PER_CYCLE);
        b.unit("vec0", UnitKind.VECTOR_UNIT, -1, VECTOR_ELEMENTS_PER_CYCLE);
        for (int l = 0; l < s.layers(); l++) for (String name : LAYER_PARTS) b.layer("encoder.layer." + l + "." + name);
        b.meta("generator", "SyntheticWorkload (toy timing model, not the simulator)");
        b.meta("pattern", s.n() + ":" + s.m());
        return b.build();
    }

    static final String[] LAYER_PARTS = {"attention.self.query", "attention.self.key", "attention.self.value",
        "attention.scores", "attention.context", "attention.output.dense", "intermediate.dense", "output.dense"};

    /** Emits the workload's events to the sink (stopping once maxEvents were emitted); returns how many. */
    public static long generate(Spec spec, TraceSink sink, long maxEvents) {
        SyntheticWorkload w = new SyntheticWorkload(spec, sink, maxEvents);
        w.run();
        return w.emitted;
    }

    private void run() {
        int parts = LAYER_PARTS.length;
        for (int batch = 0; batch < spec.batches() && emitted < maxEvents; batch++) {
            for (int l = 0; l < spec.layers() && emitted < maxEvents; l++) {
                int base = l * parts;
                int s = spec.seq(), h = spec.hidden();
                gemm(base, s, h, h, true);
                gemm(base + 1, s, h, h, true);
                gemm(base + 2, s, h, h, true);
                int headDim = h / spec.heads();
                gemm(base + 3, s * spec.heads(), s, headDim, false); // QK^T over all heads
                vector(base + 3, (long) spec.heads() * s * s * 5); // softmax: ~5 ops per element
                gemm(base + 4, s * spec.heads(), headDim, s, false); // AV
                gemm(base + 5, s, h, h, true);
                vector(base + 5, (long) s * h * 8); // residual + LayerNorm
                gemm(base + 6, s, spec.ffn(), h, true);
                vector(base + 6, (long) s * spec.ffn() * 8); // GELU
                gemm(base + 7, s, h, spec.ffn(), true);
                vector(base + 7, (long) s * h * 8);
            }
        }
    }

    private void emit(EventKind kind, int unit, long start, long duration, int layer, long bytes, long macs) {
        if (emitted >= maxEvents || duration < 0) return;
        sink.event(kind, unit, start, duration, layer, op, bytes, macs);
        emitted++;
    }

    private int smemUnit() { return spec.cores(); }

    private int channelUnit(int c) { return spec.cores() + 1 + c; }

    private int vecUnit() { return spec.cores() + 1 + spec.channels(); }

    /**
     * One GEMM [rows x k] x [k x cols] -> [rows x cols], output tiles dealt round-robin to the cores. For a weight
     * GEMM the weights (sparse when the spec is) stream from DRAM; attention GEMMs read both operands from smem.
     */
    private void gemm(int layer, int rows, int cols, int k, boolean weights) {
        long ready = 0;
        for (long f : coreFree) ready = Math.max(ready, f); // a layer starts when the previous one finished
        ready = Math.max(ready, vecFree);
        for (int c = 0; c < coreFree.length; c++) {
            if (coreFree[c] < ready) {
                emit(EventKind.STALL_DEPENDENCY, c, coreFree[c], ready - coreFree[c], layer, 0, 0);
                coreFree[c] = ready;
            }
        }
        boolean sparse = weights && spec.sparse();
        int tilesR = (rows + TILE - 1) / TILE, tilesC = (cols + TILE - 1) / TILE, steps = (k + TILE - 1) / TILE;
        long[][] slotFree = new long[coreFree.length][2]; // double buffering: step i reuses slot i % 2
        for (long[] s : slotFree) java.util.Arrays.fill(s, ready);
        int tile = 0;
        for (int tr = 0; tr < tilesR; tr++) {
            for (int tc = 0; tc < tilesC; tc++, tile++) {
                int core = tile % coreFree.length;
                for (int st = 0; st < steps; st++) {
                    op++;
                    int slot = st & 1;
                    long issue = slotFree[core][slot];
                    // activations (and, for attention, the second operand) from the shared buffer
                    long actBytes = (long) TILE * TILE * BYTES_PER_VALUE * (weights ? 1 : 2);
                    long actStart = Math.max(issue, smemFree);
                    long actDur = (long) Math.ceil(actBytes / SMEM_BYTES_PER_CYCLE);
                    emit(EventKind.LOAD_ACTIVATIONS, smemUnit(), actStart, actDur, layer, actBytes, 0);
                    smemFree = actStart + actDur;
                    long operandsReady = actStart + actDur;
                    if (weights) {
                        long kept = (long) TILE * TILE * spec.n() / spec.m();
                        long valueBytes = kept * BYTES_PER_VALUE;
                        operandsReady = Math.max(operandsReady, dramLoad(sparse ? EventKind.LOAD_VALUES : EventKind.LOAD_WEIGHTS_DENSE,
                                issue, valueBytes, layer));
                        if (sparse) {
                            long metaBytes = (kept * (32 - Integer.numberOfLeadingZeros(spec.m() - 1)) + 7) / 8;
                            operandsReady = Math.max(operandsReady, dramLoad(EventKind.LOAD_METADATA, issue, metaBytes, layer));
                        }
                    }
                    long macs = (long) TILE * TILE * TILE * (sparse ? spec.n() : spec.m()) / spec.m();
                    long mmaDur = (long) Math.ceil(macs / CORE_MACS_PER_CYCLE);
                    long start = Math.max(coreFree[core], operandsReady);
                    if (start > coreFree[core]) emit(EventKind.STALL_MEMORY, core, coreFree[core], start - coreFree[core], layer, 0, 0);
                    emit(sparse ? EventKind.MMA_SPARSE : EventKind.MMA_DENSE, core, start, mmaDur, layer, 0, macs);
                    coreFree[core] = start + mmaDur;
                    slotFree[core][slot] = coreFree[core];
                }
                op++;
                long outBytes = (long) TILE * TILE * BYTES_PER_VALUE;
                long storeStart = Math.max(coreFree[core], smemFree);
                long storeDur = (long) Math.ceil(outBytes / SMEM_BYTES_PER_CYCLE);
                emit(EventKind.STORE, smemUnit(), storeStart, storeDur, layer, outBytes, 0);
                smemFree = storeStart + storeDur;
            }
        }
    }

    private long dramLoad(EventKind kind, long issue, long bytes, int layer) {
        // Values and metadata of one step go to different channels, and successive steps rotate the pair.
        int ch = (op + (kind == EventKind.LOAD_METADATA ? 1 : 0)) % channelFree.length;
        long start = Math.max(issue, channelFree[ch]);
        long dur = DRAM_LATENCY / 4 + (long) Math.ceil(bytes / CHANNEL_BYTES_PER_CYCLE);
        emit(kind, channelUnit(ch), start, dur, layer, bytes, 0);
        channelFree[ch] = start + dur;
        return start + dur + DRAM_LATENCY;
    }

    private void vector(int layer, long elementOps) {
        op++;
        long ready = vecFree;
        for (long f : coreFree) ready = Math.max(ready, f);
        long dur = (long) Math.ceil(elementOps / VECTOR_ELEMENTS_PER_CYCLE);
        emit(EventKind.VECTOR, vecUnit(), ready, dur, layer, 0, 0);
        vecFree = ready + dur;
    }

    /**
     * Writes a synthetic trace: {@code SyntheticWorkload OUT.nxmt [events | Nx] [dense|2:4|n:m] [deflate]}. Used to make
     * the 100-million-event trace of the README's memory demonstration and the example plots.
     */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: SyntheticWorkload OUT.nxmt [events=1000000 | Nx for N whole batches] [pattern=2:4|dense] [deflate]");
            System.exit(2);
        }
        String count = args.length > 1 ? args[1].replace("_", "") : "1000000";
        String pattern = args.length > 2 ? args[2] : "2:4";
        int n = 4, m = 4;
        if (!pattern.equals("dense")) {
            String[] p = pattern.split(":");
            n = Integer.parseInt(p[0]);
            m = Integer.parseInt(p[1]);
        }
        boolean deflate = args.length > 3 && args[3].equals("deflate");
        Spec one = Spec.minilm(n, m);
        CountingSink counter = new CountingSink();
        generate(one, counter, Long.MAX_VALUE);
        long events = count.endsWith("x") ? Long.parseLong(count.substring(0, count.length() - 1)) * counter.count : Long.parseLong(count);
        int batches = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (events + counter.count - 1) / counter.count));
        Spec spec = one.withBatches(batches);
        long t0 = System.nanoTime();
        WriterOptions o = deflate ? WriterOptions.compressed() : WriterOptions.defaults();
        long written;
        try (NxmtWriter w = NxmtWriter.open(Path.of(args[0]), header(spec), o.withCompression(deflate ? Compression.DEFLATE : Compression.NONE))) {
            written = generate(spec, w, events);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.err.printf(Locale.ROOT, "wrote %,d events (%d batches of %,d) to %s in %.2f s (%.1f M events/s, generation included)%n",
                written, batches, counter.count, args[0], s, written / s / 1e6);
    }

    private static final class CountingSink implements TraceSink {
        long count;

        @Override
        public void event(EventKind kind, int unit, long start, long duration, int layer, int op, long bytes, long macs) {
            count++;
        }
    }
}
