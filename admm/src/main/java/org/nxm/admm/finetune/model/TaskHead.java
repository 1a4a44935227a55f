package org.nxm.admm.finetune.model;

import java.util.SplittableRandom;
import org.nxm.admm.finetune.nn.Linear;
import org.nxm.model.tensor.Matrix;

/**
 * A Linear head on the pooled sentence embedding: {@code outputs} = number of classes for
 * classification, 1 for regression (STS-B). Named {@code classifier.weight/bias} as in Hugging Face's
 * sequence-classification models.
 */
public final class TaskHead {
    private final Param weight;
    private final Param bias;

    public TaskHead(Param weight, Param bias) {
        this.weight = weight;
        this.bias = bias;
    }

    public static TaskHead random(int hidden, int outputs, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Matrix w = new Matrix(outputs, hidden);
        for (int i = 0; i < w.data().length; i++) w.data()[i] = (float) (0.02 * EncoderParams.gaussian(rnd));
        return new TaskHead(new Param("classifier.weight", w, true), new Param("classifier.bias", new Matrix(1, outputs), false));
    }

    public Param weight() { return weight; }
    public Param bias() { return bias; }
    public int outputs() { return weight.value().rows(); }

    public Matrix forward(Matrix pooled) {
        return Linear.forward(pooled, weight.value(), bias.value().data());
    }

    /** Accumulates head gradients; returns the gradient of the pooled input. */
    public Matrix backward(Matrix dOut, Matrix pooled) {
        return Linear.backward(dOut, pooled, weight.value(), weight.grad(), bias.grad().data());
    }

    public TaskHead copy() {
        return new TaskHead(new Param(weight.name(), weight.value().copy(), true), new Param(bias.name(), bias.value().copy(), false));
    }
}
