package org.nxm.simulator.decoder;

import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.decoder.DecoderWorkload;
import org.nxm.compiler.lower.decoder.Phase;

/**
 * A decoder pass simulated N:M and dense (each compiled with its own tiling), with the physical bounds
 * it is judged against: the bytes bound (compulsory DRAM bytes / DRAM bandwidth) and the compute
 * bound (MACs performed / the MMA pipes' peak).
 *
 * @param dramBytesPerSecond the hardware's DRAM bandwidth
 * @param peakMacsPerSecond  dense MACs per second of all tensor cores (a sparse MMA performs as many
 *                           kept MACs per issue slot)
 */
public record DecoderReport(DecoderWorkload workload, String hardware, double dramBytesPerSecond, double peakMacsPerSecond,
                            PassResult sparse, PassResult dense) {

    public static DecoderReport of(HardwareConfig hw, DecoderWorkload w, PassResult sparse, PassResult dense) {
        double peak = (double) hw.cores() * hw.tensorCoresPerCore() * hw.mma().m() * hw.mma().n() * hw.mma().k()
                / hw.mma().issueIntervalCycles() * hw.clockHz();
        return new DecoderReport(w, hw.name(), hw.dramBytesPerCycle() * hw.clockHz(), peak, sparse, dense);
    }

    /** Dense seconds / N:M seconds. */
    public double speedup() { return dense.seconds() / sparse.seconds(); }

    public double bytesBoundSeconds(PassResult p) { return p.compulsoryBytes() / dramBytesPerSecond; }

    public double computeBoundSeconds(PassResult p) { return p.macs() / peakMacsPerSecond; }

    /** Tokens the pass produces per second: prompt tokens processed (prefill) or new tokens (decode). */
    public double tokensPerSecond(PassResult p) {
        return workload.tokens() / p.seconds();
    }

    public boolean decode() { return workload.phase() == Phase.DECODE; }
}
