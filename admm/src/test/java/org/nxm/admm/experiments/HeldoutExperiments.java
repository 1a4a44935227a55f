package org.nxm.admm.experiments;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.nxm.admm.calibration.CalibrationSentences;
import org.nxm.admm.calibration.CalibrationTarget;
import org.nxm.admm.calibration.PrunedModel;
import org.nxm.admm.calibration.SequentialPruner;
import org.nxm.admm.eval.HiddenStateError;
import org.nxm.admm.eval.Similarity;
import org.nxm.admm.eval.TaskEvaluator;
import org.nxm.admm.pruning.AdmmPruner;
import org.nxm.admm.pruning.AdmmSettings;
import org.nxm.admm.pruning.LayerReport;
import org.nxm.admm.pruning.Pruner;
import org.nxm.admm.pruning.Pruners;
import org.nxm.admm.pruning.SparseGptPruner;
import org.nxm.model.data.DataDir;
import org.nxm.model.data.GlueTsv;
import org.nxm.model.eval.StsbEvaluation;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.MiniLm;

/**
 * The issue-16 experiments (run by hand, not a test): each variant "method[,key=value...]" prunes
 * MiniLM with the given calibration size and pattern and appends one CSV row to the journal as soon as
 * it finishes (a variant whose row for this pattern and calibration size is already there is skipped, so
 * a stopped run resumes) — calibration and held-out final-hidden-state errors, mean cosine to dense and Spearman on
 * STS-B dev, time. Keys: target=pruned_inputs|dense_inputs|dense_outputs; admm: refit, max, schedule
 * (residual|support), patience, damping; sparsegpt: damping, block.
 *
 * <pre>java -cp ... org.nxm.admm.experiments.HeldoutExperiments --calib 256 --pattern 2:4 --out j.csv admm admm,refit=0</pre>
 */
public final class HeldoutExperiments {
    private HeldoutExperiments() {}

    public static void main(String[] args) throws IOException {
        int calib = 256;
        String pattern = "2:4";
        Path out = Path.of("experiments.csv");
        List<String> variants = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--calib" -> calib = Integer.parseInt(args[++i]);
                case "--pattern" -> pattern = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                default -> variants.add(args[i]);
            }
        }
        NmPattern nm = NmPattern.parse(pattern);
        MiniLm lm = MiniLm.load();
        CalibrationSentences.Split split = CalibrationSentences.split(DataDir.file(null, "glue/sts-b/train.tsv"));
        List<String> calibration = split.calibration(calib);
        List<GlueTsv.SentencePair> dev = GlueTsv.stsb(DataDir.file(null, "glue/sts-b/dev.tsv"));
        LinkedHashSet<String> devSet = new LinkedHashSet<>();
        for (GlueTsv.SentencePair p : dev) { devSet.add(p.first()); devSet.add(p.second()); }
        List<String> devSentences = new ArrayList<>(devSet);
        Function<List<String>, float[][]> dense = TaskEvaluator.memoised(lm.embedder()::embed);
        float[][] denseDev = dense.apply(devSentences);
        if (!Files.exists(out)) {
            Files.writeString(out, "variant,pattern,calib,calib_tokens,mean_layer_err,calib_hidden_error,heldout_hidden_error,"
                    + "mean_cosine_stsb_dev,stsb_spearman,prune_seconds,prune_cpu_seconds,load_average\n");
        }
        var batches = SequentialPruner.batches(lm.tokenizer(), calibration);
        long tokens = 0;
        for (var b : batches) tokens += b.realTokens();
        String journal = Files.readString(out);
        for (String v : variants) {
            // Resumable: a run whose row is already in the journal is not repeated.
            if (journal.contains("\"" + v + "\"," + nm + "," + calib + ",")) {
                System.out.println("skip " + v + " " + nm + " " + calib + ": already in " + out);
                continue;
            }
            Map<String, String> kv = parse(v);
            Pruner pruner = pruner(kv);
            CalibrationTarget target = CalibrationTarget.valueOf(kv.getOrDefault("target", "pruned_inputs").toUpperCase(Locale.ROOT));
            long cpu0 = cpu();
            PrunedModel pm = new SequentialPruner(pruner, nm, target).prune(lm.weights(), batches, r -> { });
            double cpuS = (cpu() - cpu0) / 1e9;
            double layerErr = 0;
            for (LayerReport r : pm.reports()) layerErr += r.errorAfter();
            layerErr /= pm.reports().size();
            var prunedEnc = new org.nxm.model.transformer.Encoder(pm.weights());
            double calibErr = HiddenStateError.relative(prunedEnc, lm.encoder(), lm.tokenizer(), calibration);
            double heldErr = HiddenStateError.relative(prunedEnc, lm.encoder(), lm.tokenizer(), split.heldout());
            if (kv.containsKey("alt")) System.out.println(v + " alternative held-out metrics: " + alternatives(prunedEnc, lm, split.heldout()));
            float[][] mine = lm.embedder(pm.weights()).embed(devSentences);
            double cos = Similarity.meanCosine(mine, denseDev);
            Map<String, float[]> emb = new LinkedHashMap<>();
            for (int i = 0; i < mine.length; i++) emb.put(devSentences.get(i), mine[i]);
            double spearman = StsbEvaluation.evaluate(list -> {
                float[][] o = new float[list.size()][];
                for (int i = 0; i < o.length; i++) o[i] = emb.get(list.get(i));
                return o;
            }, dev).spearmanPoints();
            String row = String.format(Locale.ROOT, "\"%s\",%s,%d,%d,%.6f,%.5f,%.5f,%.5f,%.3f,%.1f,%.1f,%.1f%n", v, nm, calib, tokens, layerErr,
                    calibErr, heldErr, cos, spearman, pm.seconds(), cpuS,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            Files.writeString(out, row, StandardOpenOption.APPEND);
            System.out.print(row);
            System.out.flush();
        }
    }

    /** Other readings of "relative error of the final hidden states", to compare with the reference figures. */
    private static String alternatives(org.nxm.model.transformer.Encoder pruned, MiniLm lm, List<String> sentences) {
        double num = 0, den = 0, perToken = 0, pooledNum = 0, pooledDen = 0, perSentence = 0;
        int tokens = 0, count = 0;
        for (var b : SequentialPruner.batches(lm.tokenizer(), sentences)) {
            var hp = pruned.forward(b);
            var hd = lm.encoder().forward(b);
            int d = hd.cols(), len = b.seqLen();
            for (int s = 0; s < b.batchSize(); s++) {
                double[] pp = new double[d], pd = new double[d];
                for (int t = 0; t < len; t++) {
                    if (!b.isReal(s, t)) continue;
                    int o = (s * len + t) * d;
                    double tn = 0, td = 0;
                    for (int j = 0; j < d; j++) {
                        double x = hp.data()[o + j], y = hd.data()[o + j];
                        tn += (x - y) * (x - y);
                        td += y * y;
                        pp[j] += x;
                        pd[j] += y;
                    }
                    num += tn; den += td; perToken += Math.sqrt(tn / td); tokens++;
                }
                double sn = 0, sd = 0;
                for (int j = 0; j < d; j++) { sn += (pp[j] - pd[j]) * (pp[j] - pd[j]); sd += pd[j] * pd[j]; }
                pooledNum += sn; pooledDen += sd; perSentence += Math.sqrt(sn / sd); count++;
            }
        }
        return String.format(Locale.ROOT, "sqrt-ratio %.4f, squared-ratio %.4f, mean-per-token %.4f, pooled(sum) %.4f, mean-per-sentence-pooled %.4f",
                Math.sqrt(num / den), num / den, perToken / tokens, Math.sqrt(pooledNum / pooledDen), perSentence / count);
    }

    private static Map<String, String> parse(String v) {
        Map<String, String> kv = new LinkedHashMap<>();
        String[] parts = v.split(",");
        kv.put("method", parts[0]);
        for (int i = 1; i < parts.length; i++) {
            String[] p = parts[i].split("=", 2);
            kv.put(p[0], p[1]);
        }
        return kv;
    }

    private static Pruner pruner(Map<String, String> kv) {
        String m = kv.get("method");
        if (m.equals("sparsegpt")) {
            return new SparseGptPruner(Double.parseDouble(kv.getOrDefault("damping", "0.01")), Integer.parseInt(kv.getOrDefault("block", "128")));
        }
        if (!m.equals("admm")) return Pruners.create(m);
        AdmmSettings s = kv.getOrDefault("base", "default").equals("legacy") ? AdmmSettings.legacy() : AdmmSettings.defaults();
        if (kv.containsKey("refit")) s = s.withRefitIterations(Integer.parseInt(kv.get("refit")));
        if (kv.containsKey("max")) s = s.withMaxIterations(Integer.parseInt(kv.get("max")));
        if (kv.containsKey("schedule")) {
            s = s.withSchedule(AdmmSettings.Schedule.valueOf(kv.get("schedule").toUpperCase(Locale.ROOT)),
                    Integer.parseInt(kv.getOrDefault("patience", Integer.toString(s.patience()))));
        }
        if (kv.containsKey("damping")) s = s.withDamping(Double.parseDouble(kv.get("damping")));
        return new AdmmPruner(s);
    }

    private static long cpu() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0L;
    }
}
