package org.nxm.simulator.systolic;

import org.nxm.compiler.hardware.Dataflow;

/**
 * nxm's own counting beside SCALE-Sim's: Total Cycles is the number of cycles run (SCALE-Sim's last
 * cycle index + 1) and output-stationary OFMAP SRAM writes are the M·N results actually written
 * (SCALE-Sim adds R + C phantom writes per fold from its padded demand matrix). Utilisation and SRAM
 * bandwidths follow from those; stalls, DRAM traffic and WS/IS partial-sum writes are unchanged.
 */
public final class NativeCounting {
    private NativeCounting() {}

    public static LayerResult apply(LayerResult r, SystolicConfig cfg) {
        long cycles = r.nativeCycles();
        LayerResult.Access of = r.ofmapSram();
        if (cfg.dataflow() == Dataflow.OS) of = new LayerResult.Access(of.start(), of.stop(), r.m() * r.n());
        double macs = r.sparsity().metadataBits() > 0
                ? r.overallUtilPct() * ((double) r.totalCycles() * cfg.rows() * cfg.cols()) / 100.0
                : (double) r.m() * r.n() * r.k();
        return new LayerResult(r.name(), r.m(), r.n(), r.k(), cycles, r.stallCycles(),
                macs * 100.0 / ((double) cycles * cfg.rows() * cfg.cols()), r.mappingEffPct(), r.computeUtilPct(),
                r.ifmapSram(), r.filterSram(), of, r.ifmapDram(), r.filterDram(), r.ofmapDram(), r.sparsity());
    }
}
