package org.nxm.admm.finetune.model;

import java.util.ArrayList;
import java.util.List;
import org.nxm.admm.finetune.nn.Dropout;
import org.nxm.admm.finetune.nn.MeanSquaredError;
import org.nxm.admm.finetune.nn.PackedSequences;
import org.nxm.admm.finetune.nn.SoftmaxCrossEntropy;
import org.nxm.model.tensor.Matrix;

/** Encoder + task head: the loss of a labelled batch and its gradients, and inference outputs. */
public final class SequenceModel {
    private final TrainableEncoder encoder;
    private final TaskHead head;

    public SequenceModel(EncoderParams encoder, TaskHead head) {
        this.encoder = new TrainableEncoder(encoder);
        this.head = head;
        if (head.weight().value().cols() != encoder.dims().hidden()) {
            throw new IllegalArgumentException("head input " + head.weight().value().cols() + " != hidden " + encoder.dims().hidden());
        }
    }

    public EncoderParams encoder() { return encoder.params(); }
    public TaskHead head() { return head; }

    /** Every trainable parameter: the encoder's, then the head's. */
    public List<Param> params() {
        List<Param> all = new ArrayList<>(encoder.params().all());
        all.add(head.weight());
        all.add(head.bias());
        return all;
    }

    public void zeroGrad() {
        for (Param p : params()) p.zeroGrad();
    }

    /** The encoder's forward pass alone, with its activations (e.g. the Linear inputs). */
    public TrainableEncoder.Activations encode(PackedSequences seqs) {
        return encoder.forward(seqs);
    }

    /** Head outputs (logits, or the regression value) for a batch, no gradients kept. */
    public Matrix outputs(PackedSequences seqs) {
        return head.forward(encoder.forward(seqs).pooled());
    }

    /**
     * Forward and backward of one batch: accumulates gradients (call {@link #zeroGrad()} first) and
     * returns the mean loss. Classification when {@code batch.labels()} is set (with distillation when
     * teacher logits are given), regression otherwise.
     */
    public double lossAndGradients(LabeledBatch batch, double kdAlpha, double kdTemperature) {
        return lossAndGradients(batch, kdAlpha, kdTemperature, Dropout.NONE);
    }

    /** As {@link #lossAndGradients(LabeledBatch, double, double)}, training with dropout drawn from {@code dropout}. */
    public double lossAndGradients(LabeledBatch batch, double kdAlpha, double kdTemperature, Dropout dropout) {
        TrainableEncoder.Activations a = encoder.forward(batch.seqs(), dropout);
        Matrix out = head.forward(a.pooled());
        SoftmaxCrossEntropy.Result r = batch.labels() != null
                ? SoftmaxCrossEntropy.of(out, batch.labels(), batch.teacherLogits(), kdAlpha, kdTemperature)
                : MeanSquaredError.of(out, batch.targets(), batch.teacherLogits(), kdAlpha);
        Matrix dPooled = head.backward(r.dLogits(), a.pooled());
        encoder.backward(a, dPooled);
        return r.loss();
    }
}
