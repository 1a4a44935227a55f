package org.nxm.admm.finetune.model;

import org.nxm.admm.finetune.nn.PackedSequences;
import org.nxm.model.tensor.Matrix;

/**
 * A training batch: class labels (classification) or float targets (regression), and optionally a
 * teacher's logits for distillation.
 */
public record LabeledBatch(PackedSequences seqs, int[] labels, float[] targets, Matrix teacherLogits) {
    public LabeledBatch {
        int n = seqs.sequences();
        if ((labels == null) == (targets == null)) throw new IllegalArgumentException("give labels or targets");
        if (labels != null && labels.length != n || targets != null && targets.length != n) {
            throw new IllegalArgumentException("one label per sequence expected");
        }
        if (teacherLogits != null && teacherLogits.rows() != n) throw new IllegalArgumentException("teacher rows != batch");
    }

    public static LabeledBatch classification(PackedSequences seqs, int[] labels) {
        return new LabeledBatch(seqs, labels, null, null);
    }

    public static LabeledBatch regression(PackedSequences seqs, float[] targets) {
        return new LabeledBatch(seqs, null, targets, null);
    }
}
