package org.nxm.admm.finetune.sparse;

import java.util.List;
import java.util.function.Consumer;
import org.nxm.admm.finetune.model.Param;

/**
 * How a fine-tuning run makes the Linear weights N:M sparse. The trainer calls the hooks around
 * every optimiser step; after {@link #finish()} every Linear weight satisfies the pattern (except
 * for {@link Dense}).
 */
public sealed interface SparseTraining permits SparseTraining.Dense, MaskedTraining, SrSteTraining, AdmmTraining {
    String name();

    /** Called once before the first step with the Linear weights the pattern applies to. */
    void start(List<Param> linearWeights, Consumer<String> log);

    /** Before the forward pass of a step (e.g. install the sparse forward weights). */
    default void beforeForward(int step) {}

    /** After gradients are accumulated, before the optimiser step (add penalty terms, mask). */
    default void afterBackward(int step) {}

    /** After the optimiser step taken at learning rate {@code lr} (re-apply masks, ADMM Z and U updates). */
    default void afterStep(int step, double lr) {}

    /** After the last step: leave the final (sparse) weights in place. */
    default void finish() {}

    /** Steps at which the learning-rate schedule restarts and the optimiser state is reset (phase boundaries). */
    default List<Integer> phaseStarts(int totalSteps) { return List.of(); }

    /** A status fragment for the progress line (e.g. the ADMM primal residual), or "". */
    default String status() { return ""; }

    /** Plain dense fine-tuning, the accuracy ceiling. */
    final class Dense implements SparseTraining {
        @Override public String name() { return "dense"; }
        @Override public void start(List<Param> linearWeights, Consumer<String> log) {}
    }
}
