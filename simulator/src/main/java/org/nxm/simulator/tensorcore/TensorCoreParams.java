package org.nxm.simulator.tensorcore;

import java.util.List;
import org.nxm.model.sparsity.NmPattern;

/**
 * The figures of a tensor-core target that the timing model uses, all per core (SM) and per cycle
 * unless said otherwise. Built from the compiler's {@code HardwareConfig} by {@link HardwareParams}.
 *
 * @param name                 target name
 * @param clockHz              core clock
 * @param cores                cores (SMs)
 * @param tensorCores          MMA units per core; each issues one MMA every {@code mmaIssueInterval}
 * @param mmaM                 rows of the weight (sparse, "A") operand of one MMA instruction
 * @param mmaN                 columns (tokens) of one MMA instruction
 * @param mmaK                 dense K of one MMA instruction; a sparse n:m MMA covers k·m/n
 * @param mmaIssueInterval     cycles between issues on one tensor core
 * @param mmaLatency           cycles from issue to a usable result
 * @param sparsePatterns       patterns the MMA units run sparse
 * @param elementBytes         bytes per operand element
 * @param metadataBytesPerCycle metadata fetch/decode throughput of one core
 * @param sharedBytesPerCycle  shared-buffer bandwidth of one core (all banks; fills and operand reads share it)
 * @param sharedBanks          shared-buffer banks
 * @param l2Bytes              L2 capacity (0 = no L2)
 * @param l2BytesPerCycle      L2 bandwidth, whole chip
 * @param dramBytesPerCycle    DRAM bandwidth, whole chip (all channels)
 * @param dramLatency          DRAM latency in cycles
 * @param dramChannels         DRAM channels
 * @param vectorElementsPerCycle vector-unit throughput of one core
 */
public record TensorCoreParams(String name, double clockHz, int cores, int tensorCores,
                               int mmaM, int mmaN, int mmaK, int mmaIssueInterval, int mmaLatency,
                               List<NmPattern> sparsePatterns, int elementBytes,
                               double metadataBytesPerCycle, double sharedBytesPerCycle, int sharedBanks,
                               long l2Bytes, double l2BytesPerCycle,
                               double dramBytesPerCycle, int dramLatency, int dramChannels,
                               double vectorElementsPerCycle) {

    public TensorCoreParams {
        sparsePatterns = List.copyOf(sparsePatterns);
    }

    /** Dense MACs one core can issue per cycle. */
    public double denseMacsPerCyclePerCore() {
        return (double) tensorCores * mmaM * mmaN * mmaK / mmaIssueInterval;
    }

    public double peakDenseMacsPerCycle() { return cores * denseMacsPerCyclePerCore(); }

    public boolean runsSparse(NmPattern p) { return p != null && !p.isDense() && sparsePatterns.contains(p); }

    public TensorCoreParams withDramBytesPerCycle(double bw) {
        return new TensorCoreParams(name, clockHz, cores, tensorCores, mmaM, mmaN, mmaK, mmaIssueInterval, mmaLatency,
                sparsePatterns, elementBytes, metadataBytesPerCycle, sharedBytesPerCycle, sharedBanks, l2Bytes,
                l2BytesPerCycle, bw, dramLatency, dramChannels, vectorElementsPerCycle);
    }
}
