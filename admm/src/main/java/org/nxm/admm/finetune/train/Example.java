package org.nxm.admm.finetune.train;

import java.util.List;
import org.nxm.admm.finetune.nn.PackedSequences;

/** One tokenised training or evaluation example: a class label, or a regression target. */
public record Example(int[] ids, int[] typeIds, int label, float target) {
    public Example {
        if (ids.length == 0 || typeIds.length != ids.length) throw new IllegalArgumentException("bad example lengths");
    }

    public static Example classification(int[] ids, int[] typeIds, int label) {
        return new Example(ids, typeIds, label, Float.NaN);
    }

    /** A regression example (STS-B): no class, label −1. */
    public static Example regression(int[] ids, int[] typeIds, float target) {
        return new Example(ids, typeIds, -1, target);
    }

    public boolean isRegression() { return label < 0; }

    /** The examples' token sequences as one packed batch, in order. */
    public static PackedSequences pack(List<Example> examples) {
        int[][] ids = new int[examples.size()][], types = new int[examples.size()][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = examples.get(i).ids();
            types[i] = examples.get(i).typeIds();
        }
        return PackedSequences.of(ids, types);
    }
}
