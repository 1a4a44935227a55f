package org.nxm.admm.pruning;

import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;

/**
 * One pruning problem: a Linear weight W₀ stored [out, in], the Gram matrix of its calibration
 * inputs (null when the method needs none), and the target N:M pattern along the input dimension.
 * Several Linears that read the same input (query, key, value) can be stacked into one weight: the
 * problem is independent per output row.
 */
public record LayerProblem(String name, Matrix weight, InputGram gram, NmPattern pattern) {
    public LayerProblem {
        pattern.requireDivides(weight.cols(), name);
        if (gram != null && gram.n() != weight.cols()) {
            throw new IllegalArgumentException(name + ": Gram is " + gram.n() + " wide, weight has " + weight.cols() + " inputs");
        }
    }
}
