package org.nxm.simulator.energy;

/**
 * What a run (or one layer of it) did, counted in the units the energy table prices: MACs by kind and
 * bytes through each memory level. Weight bytes are also counted apart (values, metadata or dense
 * weights, on their way from DRAM through L2 into the shared buffer) so the report can say what
 * N:M compression saves in weight traffic.
 *
 * @param denseMacs        MACs issued by dense MMAs (a sparse tile run dense counts its zeros too)
 * @param sparseMacs       MACs issued by sparse MMAs (the kept weights only)
 * @param registerBytes    register / operand-buffer bytes the MMA instructions read and write
 *                         (operands in, accumulators read and written)
 * @param sharedReadBytes  shared-buffer bytes read (operand fetch, stores out, vector reads)
 * @param sharedWriteBytes shared-buffer bytes written (tile fills, vector writes)
 * @param l2Bytes          bytes through the last-level cache
 * @param dramBytes        bytes to and from DRAM
 * @param weightSharedBytes of {@code sharedWriteBytes}: weight tile fills
 * @param weightL2Bytes    of {@code l2Bytes}: weight loads
 * @param weightDramBytes  of {@code dramBytes}: weight loads
 */
public record ActionCounts(long denseMacs, long sparseMacs, long registerBytes, long sharedReadBytes,
                           long sharedWriteBytes, long l2Bytes, long dramBytes, long weightSharedBytes,
                           long weightL2Bytes, long weightDramBytes) {

    public static final ActionCounts ZERO = new ActionCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * An estimate from a run's totals, for a machine model that counts no actions (the systolic one): its MACs
     * as sparse or dense ones, its shared-level bytes split evenly into reads and writes, no register or
     * weight-traffic split.
     */
    public static ActionCounts fromTotals(boolean sparse, long macs, long sharedBytes, long l2Bytes, long dramBytes) {
        return new ActionCounts(sparse ? 0 : macs, sparse ? macs : 0, 0, sharedBytes / 2, sharedBytes - sharedBytes / 2,
                l2Bytes, dramBytes, 0, 0, 0);
    }

    public ActionCounts plus(ActionCounts o) {
        return new ActionCounts(denseMacs + o.denseMacs, sparseMacs + o.sparseMacs, registerBytes + o.registerBytes,
                sharedReadBytes + o.sharedReadBytes, sharedWriteBytes + o.sharedWriteBytes, l2Bytes + o.l2Bytes,
                dramBytes + o.dramBytes, weightSharedBytes + o.weightSharedBytes, weightL2Bytes + o.weightL2Bytes,
                weightDramBytes + o.weightDramBytes);
    }
}
