package org.nxm.admm.pruning;

/** A layer-wise N:M pruning method. Implementations never modify the problem's weight. */
public interface Pruner {
    /** The CLI name: magnitude, wanda, sparsegpt, admm. */
    String name();

    /** Whether the method needs the layer's calibration inputs (its {@link InputGram}). */
    boolean needsCalibration();

    PruneResult prune(LayerProblem problem);
}
