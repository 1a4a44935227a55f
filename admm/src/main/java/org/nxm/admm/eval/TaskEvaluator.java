package org.nxm.admm.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nxm.model.data.GlueTsv;
import org.nxm.model.eval.StsbEvaluation;
import org.nxm.model.io.InputException;

/**
 * Scores a sentence encoder on real GLUE data with one fixed recipe ({@link Probes}): STS-B Spearman of
 * pair cosines against gold scores (the model module's {@link StsbEvaluation}), SST-2 accuracy and MRPC accuracy/F1 of logistic-regression probes
 * on frozen embeddings, and — given the dense encoder — the mean cosine to the dense embeddings.
 */
public final class TaskEvaluator {
    /** Which files to read; null skips the task. */
    public record Files(Path stsbDev, Path sst2Train, Path sst2Dev, Path mrpcDev) {}

    private final Function<List<String>, float[][]> model;
    private final Function<List<String>, float[][]> dense;

    /** @param dense the dense model's embedder (memoise it when scoring several models), or null */
    public TaskEvaluator(Function<List<String>, float[][]> model, Function<List<String>, float[][]> dense) {
        this.model = model;
        this.dense = dense;
    }

    /** The parsed evaluation data; null lists = task not run. */
    public record Data(List<GlueTsv.SentencePair> stsb, List<GlueTsv.LabeledSentence> sst2Train,
                       List<GlueTsv.LabeledSentence> sst2Dev, List<GlueTsv.SentencePair> mrpc) {}

    /** Reads and checks every file first, so a bad file fails before any model work. */
    public static Data read(Files files) {
        List<GlueTsv.SentencePair> stsb = files.stsbDev() == null ? null : GlueTsv.stsb(files.stsbDev());
        List<GlueTsv.LabeledSentence> sstTrain = null, sstDev = null;
        if (files.sst2Dev() != null) {
            List<GlueTsv.LabeledSentence> all = GlueTsv.sst2(files.sst2Train());
            sstTrain = new ArrayList<>();
            for (int i : Probes.subset(all.size(), Probes.SST2_TRAIN, Probes.SEED)) sstTrain.add(all.get(i));
            sstDev = GlueTsv.sst2(files.sst2Dev());
        }
        List<GlueTsv.SentencePair> mrpc = files.mrpcDev() == null ? null : GlueTsv.mrpc(files.mrpcDev());
        if (stsb != null && stsb.size() < 2) throw new InputException(files.stsbDev() + ": fewer than 2 sentence pairs, no correlation to compute");
        if (stsb != null && stsb.stream().mapToDouble(GlueTsv.SentencePair::score).distinct().count() < 2)
            throw new InputException(files.stsbDev() + ": all " + stsb.size() + " gold scores (field 10) are equal: "
                    + "a rank correlation with them is undefined (it would be NaN)");
        if (sstDev != null && sstDev.isEmpty()) throw new InputException(files.sst2Dev() + ": no sentences to score");
        if (sstTrain != null && sstTrain.size() < 2) throw new InputException(files.sst2Train() + ": too few training phrases for the probe");
        if (mrpc != null && mrpc.size() < Probes.MRPC_FOLDS) {
            throw new InputException(files.mrpcDev() + ": " + mrpc.size() + " pairs, fewer than the " + Probes.MRPC_FOLDS + " cross-validation folds");
        }
        return new Data(stsb, sstTrain, sstDev, mrpc);
    }

    public EvalResult evaluate(Files files) {
        return evaluate(read(files));
    }

    public EvalResult evaluate(Data data) {
        long t0 = System.nanoTime();
        List<GlueTsv.SentencePair> stsb = data.stsb(), mrpc = data.mrpc();
        List<GlueTsv.LabeledSentence> sstTrain = data.sst2Train(), sstDev = data.sst2Dev();
        // Embed each distinct evaluation sentence once.
        LinkedHashSet<String> evalSentences = new LinkedHashSet<>();
        if (stsb != null) for (GlueTsv.SentencePair p : stsb) { evalSentences.add(p.first()); evalSentences.add(p.second()); }
        if (sstDev != null) for (GlueTsv.LabeledSentence l : sstDev) evalSentences.add(l.text());
        if (mrpc != null) for (GlueTsv.SentencePair p : mrpc) { evalSentences.add(p.first()); evalSentences.add(p.second()); }
        Map<String, float[]> emb = embed(model, new ArrayList<>(evalSentences));

        Double spearman = null, sstAcc = null, mrpcAcc = null, mrpcF1 = null, cosine = null;
        Double pearson = null;
        int pairs = 0, stsbSentences = 0;
        if (stsb != null) {
            StsbEvaluation.Result r = StsbEvaluation.evaluate(list -> lookup(emb, list), stsb);
            spearman = r.spearmanPoints();
            pearson = r.pearsonPoints();
            pairs = r.pairs();
            stsbSentences = r.sentences();
        }
        if (sstDev != null) {
            List<String> trainText = new ArrayList<>();
            for (GlueTsv.LabeledSentence l : sstTrain) trainText.add(l.text());
            float[][] trainEmb = model.apply(trainText);
            double[][] tx = new double[trainEmb.length][];
            int[] ty = new int[trainEmb.length];
            for (int i = 0; i < tx.length; i++) { tx[i] = Probes.toDouble(trainEmb[i]); ty[i] = sstTrain.get(i).label(); }
            double[][] dx = new double[sstDev.size()][];
            int[] dy = new int[sstDev.size()];
            for (int i = 0; i < dx.length; i++) { dx[i] = Probes.toDouble(emb.get(sstDev.get(i).text())); dy[i] = sstDev.get(i).label(); }
            sstAcc = Probes.trainAndScore(tx, ty, dx, dy).accuracy();
        }
        if (mrpc != null) {
            double[][] x = new double[mrpc.size()][];
            int[] y = new int[mrpc.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = Probes.pairFeatures(emb.get(mrpc.get(i).first()), emb.get(mrpc.get(i).second()));
                y[i] = (int) mrpc.get(i).score();
            }
            BinaryMetrics m = Probes.crossValidate(x, y, Probes.MRPC_FOLDS, Probes.SEED);
            mrpcAcc = m.accuracy();
            mrpcF1 = m.f1();
        }
        if (dense != null) {
            List<String> sentences = new ArrayList<>(evalSentences);
            float[][] d = dense.apply(sentences);
            float[][] mine = new float[sentences.size()][];
            for (int i = 0; i < mine.length; i++) mine[i] = emb.get(sentences.get(i));
            cosine = Similarity.meanCosine(mine, d);
        }
        return new EvalResult(spearman, pearson, pairs, stsbSentences, sstAcc, mrpcAcc, mrpcF1, cosine, dense == null ? 0 : evalSentences.size(),
                (System.nanoTime() - t0) / 1e9);
    }

    private static float[][] lookup(Map<String, float[]> emb, List<String> sentences) {
        float[][] out = new float[sentences.size()][];
        for (int i = 0; i < out.length; i++) out[i] = emb.get(sentences.get(i));
        return out;
    }

    private static Map<String, float[]> embed(Function<List<String>, float[][]> f, List<String> sentences) {
        float[][] e = f.apply(sentences);
        Map<String, float[]> m = new LinkedHashMap<>();
        for (int i = 0; i < sentences.size(); i++) m.put(sentences.get(i), e[i]);
        return m;
    }

    /** Wraps an embedder so repeated sentences (the dense model across several evaluations) are embedded once. */
    public static Function<List<String>, float[][]> memoised(Function<List<String>, float[][]> f) {
        Map<String, float[]> cache = new java.util.HashMap<>();
        return sentences -> {
            LinkedHashSet<String> missingSet = new LinkedHashSet<>();
            for (String s : sentences) if (!cache.containsKey(s)) missingSet.add(s);
            List<String> missing = new ArrayList<>(missingSet);
            if (!missing.isEmpty()) {
                float[][] e = f.apply(missing);
                for (int i = 0; i < missing.size(); i++) cache.put(missing.get(i), e[i]);
            }
            float[][] out = new float[sentences.size()][];
            for (int i = 0; i < out.length; i++) out[i] = cache.get(sentences.get(i));
            return out;
        };
    }
}
