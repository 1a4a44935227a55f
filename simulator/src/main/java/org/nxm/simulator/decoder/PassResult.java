package org.nxm.simulator.decoder;

import java.util.List;

/**
 * One simulated pass of a decoder (prefill, or one decode step) with one weight format.
 *
 * @param pattern           "dense" or the N:M pattern of the sparse Linears
 * @param cycles            the whole pass: every block and the head
 * @param clockHz           to convert cycles to seconds
 * @param dramBytes         bytes moved to and from DRAM
 * @param sharedBytes       bytes through the cores' shared buffers
 * @param l2Bytes           bytes through the L2
 * @param macs              MACs performed (kept weights only for N:M Linears)
 * @param denseMacs         MACs of the same pass dense
 * @param weightBytes       weight bytes the pass must stream (values + metadata; every block and the LM head)
 * @param kvReadBytes       KV-cache bytes attention must read (decode)
 * @param kvWrittenBytes    KV-cache bytes the pass writes
 * @param firstBlockCycles  the first block (it starts from a cold L2)
 * @param blockCycles       every later block
 * @param headCycles        final norm and LM head
 * @param blocksSimulated   blocks simulated cycle by cycle (the others repeat {@code blockCycles})
 * @param aggregated        whether blocks were extrapolated (see {@link DecoderSimulation})
 * @param opsSimulated      machine ops in the simulated chain
 * @param compileMillis     compiling the block and head programs
 * @param simulateMillis    simulating the chain
 * @param warnings          the simulator's warnings
 * @param kernelFixedCycles the kernels' fixed costs ({@link org.nxm.simulator.tensorcore.KernelFixedCost}), included in {@code cycles}
 * @param stalls            where the cores' scheduled cycles went (every block and the head; not the fixed costs)
 * @param chainCycles       the simulated chain alone (the blocks simulated and the head; what a trace of the pass holds)
 */
public record PassResult(String pattern, long cycles, double clockHz, long dramBytes, long sharedBytes, long l2Bytes, long macs, long denseMacs, long weightBytes,
                         long kvReadBytes, long kvWrittenBytes, long firstBlockCycles, long blockCycles, long headCycles,
                         int blocksSimulated, boolean aggregated, long opsSimulated, long compileMillis, long simulateMillis,
                         List<String> warnings, long kernelFixedCycles, org.nxm.simulator.report.StallBreakdown stalls,
                         long chainCycles) {
    public PassResult {
        warnings = List.copyOf(warnings);
    }

    public double seconds() { return cycles / clockHz; }

    /** Bytes that have to cross the DRAM interface: weights and the KV cache read and written. */
    public long compulsoryBytes() { return weightBytes + kvReadBytes + kvWrittenBytes; }

    /** Average DRAM bandwidth achieved over the pass, bytes/s. */
    public double achievedBandwidth() { return seconds() == 0 ? 0 : dramBytes / seconds(); }
}
