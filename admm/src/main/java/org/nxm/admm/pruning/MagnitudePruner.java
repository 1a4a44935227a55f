package org.nxm.admm.pruning;

import org.nxm.model.tensor.Matrix;

/**
 * NVIDIA ASP's 1-D rule generalised to N:M: in each group of m consecutive weights along the input
 * dimension keep the n largest |w|. No calibration, no weight update.
 */
public final class MagnitudePruner implements Pruner {
    @Override public String name() { return "magnitude"; }
    @Override public boolean needsCalibration() { return false; }

    @Override
    public PruneResult prune(LayerProblem p) {
        long t0 = System.nanoTime();
        Matrix w0 = p.weight();
        NmMask mask = NmMask.magnitude(w0, p.pattern());
        Matrix w = mask.apply(w0);
        double err = Reconstruction.relativeError(w0, w, p.gram());
        return new PruneResult(w, mask, new LayerReport(p.name(), name(), w0.rows(), w0.cols(), 0, Double.NaN,
                Double.NaN, Double.NaN, err, err, (System.nanoTime() - t0) / 1e9));
    }
}
