package org.nxm.admm.pruning;

import org.nxm.model.tensor.Matrix;

/** A pruner's output: the new weight (zero outside the mask), the mask itself, and the report. */
public record PruneResult(Matrix weight, NmMask mask, LayerReport report) {}
