package org.nxm.admm.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scores of one model; null = task not run. STS-B Spearman and Pearson are in points (×100), as GLUE
 * reports them; accuracies and F1 are fractions.
 * {@code meanCosineToDense} is the mean cosine between this model's and the dense model's embeddings
 * over every evaluation sentence embedded (STS-B dev, SST-2 dev, MRPC dev; never probe-training data).
 */
public record EvalResult(Double stsbSpearman, Double stsbPearson, int stsbPairs, int stsbSentences, Double sst2Accuracy, Double mrpcAccuracy, Double mrpcF1,
                         Double meanCosineToDense, int cosineSentences, double seconds) {
    /** The JSON keys of {@code nxm eval --json}, only for what was measured. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (stsbSpearman != null) {
            m.put("stsb_spearman", stsbSpearman);
            m.put("stsb_pearson", stsbPearson);
            m.put("pairs", stsbPairs);
            m.put("sentences", stsbSentences);
        }
        if (sst2Accuracy != null) m.put("sst2_accuracy", sst2Accuracy);
        if (mrpcAccuracy != null) m.put("mrpc_accuracy", mrpcAccuracy);
        if (mrpcF1 != null) m.put("mrpc_f1", mrpcF1);
        if (meanCosineToDense != null) {
            m.put("mean_cosine_to_dense", meanCosineToDense);
            m.put("cosine_sentences", cosineSentences);
        }
        m.put("seconds", seconds);
        return m;
    }
}
