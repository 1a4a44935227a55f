package org.nxm.admm.finetune.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.nxm.admm.finetune.train.Example;
import org.nxm.model.data.DataDir;
import org.nxm.model.data.GlueTsv;
import org.nxm.model.io.InputException;
import org.nxm.model.tokenizer.WordPieceTokenizer;
import org.nxm.model.transformer.TokenBatch;

/**
 * The GLUE tasks fine-tuned here, read from the data directory and tokenised.
 *
 * <ul>
 *   <li>SST-2: sentence classification. Training examples: a seeded random subset of
 *       {@code sst-2/train.tsv} (the data seed is fixed, so every method and training seed sees the
 *       same subset); evaluation: all of {@code sst-2/dev.tsv} (872).</li>
 *   <li>MRPC: sentence-pair classification. Only {@code mrpc/dev.tsv} (408 pairs) is in the data
 *       directory, so it is split: shuffled with the data seed, the first two thirds (272) train, the
 *       remaining 136 evaluate. The split is disjoint and the same for every method and seed.</li>
 * </ul>
 */
public enum GlueTask {
    SST2("sst2", "glue/sst-2"),
    MRPC("mrpc", "glue/mrpc");

    /** The fixed seed of subset and split choices (not the training seed). */
    public static final long DATA_SEED = 42;

    private final String cliName;
    private final String dir;

    GlueTask(String cliName, String dir) {
        this.cliName = cliName;
        this.dir = dir;
    }

    public String cliName() { return cliName; }
    public int classes() { return 2; }

    public static GlueTask parse(String name) {
        for (GlueTask t : values()) if (t.cliName.equalsIgnoreCase(name)) return t;
        throw new InputException("task '" + name + "': expected sst2 or mrpc");
    }

    /** Tokenised training and evaluation sets. */
    public record Data(GlueTask task, List<Example> train, List<Example> eval, String description) {}

    /** {@code trainExamples} ≤ 0 takes all available training examples. */
    public Data load(Path dataDir, WordPieceTokenizer tokenizer, int trainExamples) {
        Random rnd = new Random(DATA_SEED);
        if (this == SST2) {
            // Shuffle the rows, then tokenise only the subset (67k phrases otherwise); same permutation either way.
            Path trainFile = DataDir.file(dataDir, dir + "/train.tsv");
            List<GlueTsv.LabeledSentence> rows = new ArrayList<>(GlueTsv.sst2(trainFile));
            if (rows.isEmpty()) throw new InputException(trainFile + ": no data rows");
            Collections.shuffle(rows, rnd);
            int n = trainExamples > 0 ? Math.min(trainExamples, rows.size()) : rows.size();
            List<Example> train = tokenize(rows.subList(0, n), tokenizer);
            List<Example> eval = tokenize(GlueTsv.sst2(DataDir.file(dataDir, dir + "/dev.tsv")), tokenizer);
            if (eval.isEmpty()) throw new InputException(DataDir.file(dataDir, dir + "/dev.tsv") + ": no data rows");
            return new Data(this, List.copyOf(train), eval, "SST-2: " + train.size() + " of " + rows.size()
                    + " train.tsv phrases (data seed " + DATA_SEED + "), dev.tsv " + eval.size() + " sentences");
        }
        List<Example> all = mrpc(DataDir.file(dataDir, dir + "/dev.tsv"), tokenizer);
        Collections.shuffle(all, rnd);
        int cut = all.size() * 2 / 3;
        List<Example> train = all.subList(0, cut);
        if (trainExamples > 0 && trainExamples < train.size()) train = train.subList(0, trainExamples);
        List<Example> eval = all.subList(cut, all.size());
        return new Data(this, List.copyOf(train), List.copyOf(eval), "MRPC: dev.tsv split by data seed " + DATA_SEED
                + " into " + train.size() + " train / " + eval.size() + " eval pairs (only dev.tsv is available)");
    }

    private static List<Example> tokenize(List<GlueTsv.LabeledSentence> rows, WordPieceTokenizer tok) {
        List<Example> out = new ArrayList<>();
        for (GlueTsv.LabeledSentence row : rows) {
            TokenBatch.Sequence s = tok.encode(row.text());
            out.add(Example.classification(s.ids(), s.typeIds(), row.label()));
        }
        return out;
    }

    private static List<Example> mrpc(Path file, WordPieceTokenizer tok) {
        List<Example> out = new ArrayList<>();
        for (GlueTsv.SentencePair row : GlueTsv.mrpc(file)) {
            TokenBatch.Sequence s = tok.encodePair(row.first(), row.second());
            out.add(Example.classification(s.ids(), s.typeIds(), (int) row.score()));
        }
        if (out.size() < 3) throw new InputException(file + ": " + out.size() + " data rows, expected at least 3 to split");
        return out;
    }
}
