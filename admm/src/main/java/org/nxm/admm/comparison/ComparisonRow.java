package org.nxm.admm.comparison;

import org.nxm.admm.eval.EvalResult;

/**
 * One method's line of a {@link MethodComparison}: its evaluation, prune time, the number of weights
 * that break the N:M pattern (0 for a correct pruner) and the held-out hidden-state error
 * ({@code null} for the dense row, which has nothing to compare against).
 */
public record ComparisonRow(String method, EvalResult eval, double pruneSeconds, long nmViolations, Double heldoutHiddenError) {
    /** The dense baseline: not pruned, no held-out error. */
    public static ComparisonRow dense(EvalResult eval) {
        return new ComparisonRow("dense", eval, 0, 0, null);
    }
}
