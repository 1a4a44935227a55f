package org.nxm.admm.pruning;

/**
 * Second-moment statistics of one Linear layer's calibration inputs: H = XᵀX (float64, row-major
 * [n, n]) over {@code tokens} input rows of width n. Everything the pruners need from X (Wanda's
 * ‖x_j‖₂ = √H_jj, the Hessian of the reconstruction loss ‖X W₀ᵀ − X Wᵀ‖²) is a function of H.
 */
public record InputGram(int n, double[] xtx, long tokens) {
    public InputGram {
        if (xtx.length != n * n) throw new IllegalArgumentException("XᵀX is not " + n + "x" + n);
    }

    /** ‖x_j‖₂ for every input feature j. */
    public double[] columnNorms() {
        double[] norms = new double[n];
        for (int j = 0; j < n; j++) norms[j] = Math.sqrt(Math.max(0, xtx[j * n + j]));
        return norms;
    }

    /** Mean of the diagonal, the scale of the damping term. */
    public double meanDiagonal() {
        double s = 0;
        for (int j = 0; j < n; j++) s += xtx[j * n + j];
        return s / n;
    }

    /**
     * H + λ·mean(diag H)·I, with a dead input (H_jj = 0, never active in calibration) given a unit
     * diagonal so the matrix stays positive definite. A copy.
     */
    public double[] damped(double relativeDamping) {
        double[] h = xtx.clone();
        double mean = meanDiagonal();
        double add = relativeDamping * (mean > 0 ? mean : 1.0);
        for (int j = 0; j < n; j++) {
            int d = j * n + j;
            if (h[d] == 0) h[d] = 1.0;
            h[d] += add;
        }
        return h;
    }

    /** H as float32 (for float32 products). */
    public float[] asFloat() {
        float[] f = new float[xtx.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) xtx[i];
        return f;
    }
}
