package org.nxm.simulator.systolic;

import java.nio.file.Path;
import java.util.List;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.traces.EventKind;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.UnitKind;
import org.nxm.traces.format.NxmtWriter;

/**
 * Writes a systolic run as nxm's {@code .nxmt} trace: one track for the PE array (a MMA event per
 * fold with its useful MACs, STALL_MEMORY events where the array waits) and one DRAM channel per
 * operand (loads and OFMAP drains in words = bytes, SCALE-Sim's 1-byte words; N:M metadata as
 * LOAD_METADATA beside the FILTER values). Layers are laid end to end; each starts with its DRAM
 * fill (SCALE-Sim's negative cycles become the lead-in).
 */
public final class NxmtSystolicTrace implements SystolicEvents, AutoCloseable {
    private final NxmtWriter w;
    private final int array, dIf, dFi, dOf;
    private final List<Layer> layers;
    private int layerIdx = -1;
    private long base, lead;
    private NmPattern sparsity;

    public NxmtSystolicTrace(Path file, SystolicConfig cfg, List<Layer> layers) {
        this.layers = layers;
        TraceHeader.Builder b = TraceHeader.builder().hardware(cfg.runName(), "").clockHz(1e9)
                .meta("simulator", "nxm systolic (SCALE-Sim v2 compatible)")
                .meta("dataflow", cfg.dataflow().scaleSimName())
                .meta("array", cfg.rows() + "x" + cfg.cols());
        int dram = b.memoryLevel("dram", cfg.userBandwidth() ? 3.0 * cfg.bandwidth() : 0);
        array = b.unit("pe-array", UnitKind.CORE, -1, (double) cfg.rows() * cfg.cols());
        double peak = cfg.userBandwidth() ? cfg.bandwidth() : 0;
        dIf = b.unit("dram.ifmap", UnitKind.DRAM_CHANNEL, dram, peak);
        dFi = b.unit("dram.filter", UnitKind.DRAM_CHANNEL, dram, peak);
        dOf = b.unit("dram.ofmap", UnitKind.DRAM_CHANNEL, dram, cfg.userBandwidth() ? peak : cfg.cols());
        for (Layer l : layers) b.layer(l.name());
        w = NxmtWriter.open(file, b.build());
    }

    @Override
    public void begin(Layer layer, long lead) {
        // Sparse layers arrive compressed; the topology's layer carries the pattern.
        layerIdx++;
        this.lead = lead;
        NmPattern p = layers.get(layerIdx).sparsity();
        sparsity = p != null && !p.isDense() ? p : null;
    }

    private long at(long cycle) { return Math.max(0, base + lead + cycle); }

    @Override
    public void fold(long start, long lines, long macs) {
        w.event(sparsity != null ? EventKind.MMA_SPARSE : EventKind.MMA_DENSE, array, at(start), lines, layerIdx, -1, 0, macs);
    }

    @Override
    public void stall(long start, long cycles) {
        w.event(EventKind.STALL_MEMORY, array, at(start), cycles, layerIdx, -1, 0, 0);
    }

    @Override
    public void dram(Operand operand, long start, long cycles, long words) {
        switch (operand) {
            case IFMAP -> w.event(EventKind.LOAD_ACTIVATIONS, dIf, at(start), cycles, layerIdx, -1, words, 0);
            case FILTER -> {
                w.event(sparsity != null ? EventKind.LOAD_VALUES : EventKind.LOAD_WEIGHTS_DENSE, dFi, at(start), cycles, layerIdx, -1, words, 0);
                if (sparsity != null)
                    w.event(EventKind.LOAD_METADATA, dFi, at(start), cycles, layerIdx, -1, (words * sparsity.indexBits() + 7) / 8, 0);
            }
            case OFMAP -> w.event(EventKind.STORE, dOf, at(start), cycles, layerIdx, -1, words, 0);
        }
    }

    @Override
    public void end(long totalCycles, long lastDramCycle) {
        base += lead + Math.max(totalCycles, lastDramCycle) + 1;
    }

    @Override
    public void close() {
        w.close();
    }
}
