package org.nxm.admm.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The probe recipe every method is scored with (frozen sentence embeddings, logistic regression,
 * λ = {@link #LAMBDA} on standardised features):
 * <ul>
 *   <li>SST-2: features = the sentence embedding u; trained on a seeded random subset of
 *       {@link #SST2_TRAIN} phrases of the SST-2 train split (seed {@link #SEED}); scored on the dev split.</li>
 *   <li>MRPC: only the dev split is available, so {@link #MRPC_FOLDS}-fold cross-validation on it
 *       (seeded shuffle, seed {@link #SEED}); features [|u − v|, u∘v] (symmetric in the pair);
 *       accuracy and F1 pooled over the out-of-fold predictions.</li>
 * </ul>
 */
public final class Probes {
    public static final double LAMBDA = 1.0;
    public static final long SEED = 42;
    public static final int SST2_TRAIN = 8000;
    public static final int MRPC_FOLDS = 10;

    private Probes() {}

    /** Seeded choice of up to k indices out of n, in increasing order. */
    public static List<Integer> subset(int n, int k, long seed) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < n; i++) idx.add(i);
        Collections.shuffle(idx, new Random(seed));
        List<Integer> chosen = new ArrayList<>(idx.subList(0, Math.min(k, n)));
        Collections.sort(chosen);
        return chosen;
    }

    /** Train on (trainX, trainY), score on (testX, testY). */
    public static BinaryMetrics trainAndScore(double[][] trainX, int[] trainY, double[][] testX, int[] testY) {
        LogisticRegression lr = LogisticRegression.fit(trainX, trainY, LAMBDA);
        int[] pred = new int[testX.length];
        for (int i = 0; i < testX.length; i++) pred[i] = lr.predict(testX[i]);
        return BinaryMetrics.of(testY, pred);
    }

    /** k-fold cross-validation with a seeded shuffle; metrics over the pooled out-of-fold predictions. */
    public static BinaryMetrics crossValidate(double[][] x, int[] y, int folds, long seed) {
        int n = x.length;
        List<Integer> order = subset(n, n, seed);
        Collections.shuffle(order, new Random(seed));
        int[] pred = new int[n];
        for (int f = 0; f < folds; f++) {
            List<Integer> test = new ArrayList<>(), train = new ArrayList<>();
            for (int i = 0; i < n; i++) (i % folds == f ? test : train).add(order.get(i));
            double[][] tx = new double[train.size()][];
            int[] ty = new int[train.size()];
            for (int i = 0; i < train.size(); i++) {
                tx[i] = x[train.get(i)];
                ty[i] = y[train.get(i)];
            }
            LogisticRegression lr = LogisticRegression.fit(tx, ty, LAMBDA);
            for (int i : test) pred[i] = lr.predict(x[i]);
        }
        return BinaryMetrics.of(y, pred);
    }

    /** MRPC pair features [|u − v|, u∘v]. */
    public static double[] pairFeatures(float[] u, float[] v) {
        int d = u.length;
        double[] f = new double[2 * d];
        for (int j = 0; j < d; j++) {
            f[j] = Math.abs(u[j] - v[j]);
            f[d + j] = (double) u[j] * v[j];
        }
        return f;
    }

    public static double[] toDouble(float[] u) {
        double[] d = new double[u.length];
        for (int i = 0; i < u.length; i++) d[i] = u[i];
        return d;
    }
}
