package org.nxm.admm.finetune.nn;

import java.util.SplittableRandom;
import org.nxm.model.tensor.Matrix;

/**
 * Inverted dropout as in BERT fine-tuning (hidden states and the classifier input): during training
 * each element is zeroed with probability {@code rate} and the rest scaled by 1/(1 − rate), so
 * inference needs no change. The masks come from one seeded generator per run, so a run is still
 * reproducible; {@link #NONE} (rate 0) draws nothing and leaves every tensor untouched.
 */
public final class Dropout {
    public static final Dropout NONE = new Dropout(0, 0);

    private final double rate;
    private final SplittableRandom rnd;

    public Dropout(double rate, long seed) {
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("dropout rate " + rate + ": expected 0 <= rate < 1");
        this.rate = rate;
        this.rnd = rate == 0 ? null : new SplittableRandom(seed);
    }

    public double rate() { return rate; }

    /**
     * Drops elements of {@code x} in place; returns the mask (0 or 1/(1 − rate) per element) for
     * {@link #backwardInPlace}, or null when the rate is 0.
     */
    public float[] applyInPlace(Matrix x) {
        if (rnd == null) return null;
        float keep = (float) (1 / (1 - rate));
        float[] d = x.data();
        float[] mask = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            mask[i] = rnd.nextDouble() < rate ? 0f : keep;
            d[i] *= mask[i];
        }
        return mask;
    }

    /** The gradient through a dropout: {@code dy} times the forward mask, in place (nothing for a null mask). */
    public static Matrix backwardInPlace(Matrix dy, float[] mask) {
        if (mask == null) return dy;
        float[] d = dy.data();
        for (int i = 0; i < d.length; i++) d[i] *= mask[i];
        return dy;
    }
}
