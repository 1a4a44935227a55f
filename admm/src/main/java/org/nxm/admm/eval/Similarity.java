package org.nxm.admm.eval;

import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/** Cosine similarity, Spearman correlation, and mean cosine between two sets of embeddings. */
public final class Similarity {
    private Similarity() {}

    public static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /** Mean over i of cos(a_i, b_i). */
    public static double meanCosine(float[][] a, float[][] b) {
        if (a.length != b.length) throw new IllegalArgumentException(a.length + " vs " + b.length + " embeddings");
        double s = 0;
        for (int i = 0; i < a.length; i++) s += cosine(a[i], b[i]);
        return s / a.length;
    }

    /** Spearman rank correlation (average ranks for ties), via Commons Math. */
    public static double spearman(double[] x, double[] y) {
        return new SpearmansCorrelation().correlation(x, y);
    }
}
