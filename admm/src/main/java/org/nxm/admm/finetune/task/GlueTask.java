package org.nxm.admm.finetune.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.nxm.admm.finetune.train.Example;
import org.nxm.model.data.DataDir;
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
            List<Example> all = sst2(DataDir.file(dataDir, dir + "/train.tsv"), tokenizer);
            Collections.shuffle(all, rnd);
            List<Example> train = trainExamples > 0 && trainExamples < all.size() ? all.subList(0, trainExamples) : all;
            List<Example> eval = sst2(DataDir.file(dataDir, dir + "/dev.tsv"), tokenizer);
            return new Data(this, List.copyOf(train), eval, "SST-2: " + train.size() + " of " + all.size()
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

    private static List<Example> sst2(Path file, WordPieceTokenizer tok) {
        List<Example> out = new ArrayList<>();
        for (String[] f : rows(file, 2)) {
            TokenBatch.Sequence s = tok.encode(f[0]);
            out.add(Example.classification(s.ids(), s.typeIds(), label(file, f[1])));
        }
        return out;
    }

    private static List<Example> mrpc(Path file, WordPieceTokenizer tok) {
        List<Example> out = new ArrayList<>();
        for (String[] f : rows(file, 5)) {
            TokenBatch.Sequence s = tok.encodePair(f[3], f[4]);
            out.add(Example.classification(s.ids(), s.typeIds(), label(file, f[0])));
        }
        return out;
    }

    private static int label(Path file, String v) {
        if (v.equals("0")) return 0;
        if (v.equals("1")) return 1;
        throw new InputException(file + ": label '" + v + "', expected 0 or 1");
    }

    /** Rows after the header, split on tabs only (GLUE files use no quoting); a BOM is dropped. */
    private static List<String[]> rows(Path file, int fields) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        List<String[]> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) continue;
            String[] f = line.split("\t", -1);
            if (f.length != fields) throw new InputException(file + ":" + (i + 1) + ": " + f.length + " fields, expected " + fields);
            out.add(f);
        }
        if (out.isEmpty()) throw new InputException(file + ": no data rows");
        return out;
    }
}
