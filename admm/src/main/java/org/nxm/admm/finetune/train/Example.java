package org.nxm.admm.finetune.train;

/** One tokenised training or evaluation example: a class label, or a regression target. */
public record Example(int[] ids, int[] typeIds, int label, float target) {
    public Example {
        if (ids.length == 0 || typeIds.length != ids.length) throw new IllegalArgumentException("bad example lengths");
    }

    public static Example classification(int[] ids, int[] typeIds, int label) {
        return new Example(ids, typeIds, label, Float.NaN);
    }
}
