package org.nxm.admm.pruning;

import org.nxm.model.tensor.Matrix;

/**
 * Wanda (Sun et al., 2023): score |w_ij|·‖x_j‖₂ over the calibration inputs, keep the top n per group
 * of m along the input dimension, no weight update.
 */
public final class WandaPruner implements Pruner {
    @Override public String name() { return "wanda"; }
    @Override public boolean needsCalibration() { return true; }

    @Override
    public PruneResult prune(LayerProblem p) {
        if (p.gram() == null) throw new IllegalArgumentException(p.name() + ": wanda needs calibration inputs");
        long t0 = System.nanoTime();
        Matrix w0 = p.weight();
        int rows = w0.rows(), cols = w0.cols();
        double[] norms = p.gram().columnNorms();
        float[] d = w0.data();
        double[] score = new double[d.length];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) score[r * cols + j] = Math.abs(d[r * cols + j]) * norms[j];
        }
        NmMask mask = NmMask.topN(score, rows, cols, p.pattern());
        Matrix w = mask.apply(w0);
        double before = Reconstruction.relativeError(w0, NmMask.magnitude(w0, p.pattern()).apply(w0), p.gram());
        double after = Reconstruction.relativeError(w0, w, p.gram());
        return new PruneResult(w, mask, new LayerReport(p.name(), name(), rows, cols, 0, Double.NaN,
                Double.NaN, Double.NaN, before, after, (System.nanoTime() - t0) / 1e9));
    }
}
