package org.nxm.simulator.sweep;

import org.nxm.simulator.energy.ActionCounts;
import org.nxm.simulator.energy.RunActions;

/**
 * What one design point measured, template-independent.
 *
 * @param cycles cycles to run the whole model once
 * @param clockHz clock of the design
 * @param macs MACs performed (sparse runs skip the pruned ones)
 * @param utilization achieved / peak MAC issue slots
 * @param sharedBytes bytes moved between on-chip buffers and the compute units
 * @param l2Bytes bytes served by the last-level cache (0 without one)
 * @param dramBytes bytes moved to and from DRAM
 * @param actions the counted actions the energy model prices (NONE when the machine model counts none)
 */
public record PointResult(long cycles, double clockHz, long macs, double utilization, long sharedBytes, long l2Bytes,
                          long dramBytes, RunActions actions) {

    /** A result without counted actions (the arity before the energy model). */
    public PointResult(long cycles, double clockHz, long macs, double utilization, long sharedBytes, long l2Bytes, long dramBytes) {
        this(cycles, clockHz, macs, utilization, sharedBytes, l2Bytes, dramBytes, RunActions.NONE);
    }

    public PointResult {
        if (actions == null) actions = RunActions.NONE;
    }

    /**
     * The counted actions, or, from a machine model that counts none, an estimate from the totals:
     * MACs as sparse or dense ones, shared-buffer bytes split evenly into reads and writes, no register
     * or weight-traffic split.
     */
    public ActionCounts actionsOrEstimate(boolean sparse) {
        if (actions != RunActions.NONE) return actions.total();
        return ActionCounts.fromTotals(sparse, macs, sharedBytes, l2Bytes, dramBytes);
    }

    public double seconds() {
        return cycles / clockHz;
    }
}
