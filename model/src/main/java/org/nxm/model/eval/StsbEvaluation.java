package org.nxm.model.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.nxm.model.data.GlueTsv.SentencePair;
import org.nxm.model.transformer.SentenceEmbedder;

/**
 * STS-B as sentence-transformers evaluates it: embed both sentences of every pair, score the pair by
 * the cosine of the embeddings, and correlate scores with the gold similarity (Spearman is the metric;
 * Pearson is reported beside it). Each distinct sentence is embedded once.
 */
public final class StsbEvaluation {
    private StsbEvaluation() {}

    /** Correlations are in [-1, 1]; {@link #spearmanPoints()} is ×100 as GLUE tables quote it. */
    public record Result(int pairs, int sentences, double spearman, double pearson, double seconds) {
        public double spearmanPoints() { return 100 * spearman; }

        public double pearsonPoints() { return 100 * pearson; }
    }

    public static Result evaluate(SentenceEmbedder embedder, List<SentencePair> pairs) {
        return evaluate(embedder::embed, pairs);
    }

    /** With any embedding function (sentences → L2-normalised or raw vectors, input order). */
    public static Result evaluate(Function<List<String>, float[][]> embed, List<SentencePair> pairs) {
        if (pairs.size() < 2) throw new IllegalArgumentException("STS-B needs at least two pairs, got " + pairs.size());
        long t0 = System.nanoTime();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (SentencePair p : pairs) {
            index.putIfAbsent(p.first(), index.size());
            index.putIfAbsent(p.second(), index.size());
        }
        List<String> unique = new ArrayList<>(index.keySet());
        float[][] emb = embed.apply(unique);
        double[] predicted = new double[pairs.size()], gold = new double[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            SentencePair p = pairs.get(i);
            predicted[i] = SentenceEmbedder.cosine(emb[index.get(p.first())], emb[index.get(p.second())]);
            gold[i] = p.score();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(pairs.size(), unique.size(),
                new SpearmansCorrelation().correlation(predicted, gold),
                new PearsonsCorrelation().correlation(predicted, gold), seconds);
    }
}
