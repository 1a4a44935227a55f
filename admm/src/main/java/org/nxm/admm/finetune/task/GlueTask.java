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
 * The GLUE tasks fine-tuned here, read from the data directory ({@code glue/<task>/train.tsv} and
 * {@code dev.tsv}, GLUE's files as distributed) and tokenised ({@code [CLS] a [SEP] b [SEP]} for pairs,
 * truncated longest-first to the tokenizer's 128 tokens).
 *
 * <ul>
 *   <li>SST-2: sentence classification, accuracy. Training: a seeded subset of {@code train.tsv}
 *       (67,349 phrases; 2,000 unless told otherwise).</li>
 *   <li>MRPC: pair classification, F1 (paraphrase = positive) and accuracy.</li>
 *   <li>RTE: pair classification (entailment = 1, not_entailment = 0), accuracy.</li>
 *   <li>CoLA: sentence classification, Matthews correlation (the file has no header).</li>
 *   <li>STS-B: pair regression of the 0–5 similarity (MSE loss), Pearson and Spearman.</li>
 * </ul>
 *
 * Evaluation is on {@code dev.tsv} (GLUE's test labels are not public). A held-out part of the
 * training file ({@link Data#heldout()}, data seed 42) is for choosing settings without looking at dev.
 */
public enum GlueTask {
    SST2("sst2", "glue/sst-2", false, 2, "accuracy"),
    MRPC("mrpc", "glue/mrpc", true, 2, "F1/accuracy"),
    RTE("rte", "glue/rte", true, 2, "accuracy"),
    COLA("cola", "glue/cola", false, 2, "Matthews corr."),
    STSB("stsb", "glue/sts-b", true, 1, "Pearson/Spearman");

    /** The fixed seed of subset and held-out choices (not the training seed). */
    public static final long DATA_SEED = 42;
    /** Training examples of SST-2 when not told otherwise (the earlier experiments' subset). */
    public static final int SST2_DEFAULT_TRAIN = 2000;

    private final String cliName;
    private final String dir;
    private final boolean pair;
    private final int outputs;
    private final String metric;

    GlueTask(String cliName, String dir, boolean pair, int outputs, String metric) {
        this.cliName = cliName;
        this.dir = dir;
        this.pair = pair;
        this.outputs = outputs;
        this.metric = metric;
    }

    public String cliName() { return cliName; }
    /** Head outputs: 2 classes, or 1 for the regression task. */
    public int classes() { return outputs; }
    public boolean regression() { return outputs == 1; }
    public boolean pair() { return pair; }
    /** GLUE's metric for the task, as the tables name it. */
    public String metricName() { return metric; }

    /**
     * The task's GLUE score ×100, as the GLUE leaderboard averages it: accuracy (SST-2, RTE), the mean
     * of F1 and accuracy (MRPC), Matthews correlation (CoLA), the mean of Pearson and Spearman (STS-B).
     */
    public double score(org.nxm.admm.finetune.train.Evaluation.Scores s) {
        return 100 * switch (this) {
            case SST2, RTE -> s.accuracy();
            case MRPC -> (s.f1() + s.accuracy()) / 2;
            case COLA -> s.mcc();
            case STSB -> (s.pearson() + s.spearman()) / 2;
        };
    }

    public static GlueTask parse(String name) {
        for (GlueTask t : values()) if (t.cliName.equalsIgnoreCase(name)) return t;
        throw new InputException("task '" + name + "': expected rte, mrpc, cola, stsb or sst2");
    }

    /**
     * Tokenised training, held-out and evaluation sets. {@code heldout} is empty unless a fraction of
     * the training file was held out for choosing settings.
     */
    public record Data(GlueTask task, List<Example> train, List<Example> heldout, List<Example> eval, String description) {}

    /**
     * Loads the task. {@code trainExamples} ≤ 0 takes the whole training file (SST-2: null = 2,000);
     * {@code heldoutFraction} of the (shuffled) training file is held out before any subset is taken;
     * {@code evalFile} (null = {@code dev.tsv}) is the labelled file scored at the end, in the task's format.
     */
    public Data load(Path dataDir, WordPieceTokenizer tokenizer, Integer trainExamples, double heldoutFraction, Path evalFile) {
        if (heldoutFraction < 0 || heldoutFraction >= 1) throw new IllegalArgumentException("held-out fraction " + heldoutFraction);
        Path trainFile = DataDir.file(dataDir, dir + "/train.tsv");
        List<Row> rows = new ArrayList<>(read(trainFile));
        if (rows.size() < 2) throw new InputException(trainFile + ": " + rows.size() + " data rows, expected at least 2");
        Collections.shuffle(rows, new Random(DATA_SEED));
        int held = (int) Math.round(heldoutFraction * rows.size());
        List<Row> heldRows = rows.subList(0, held), trainRows = rows.subList(held, rows.size());
        int want = trainExamples == null ? (this == SST2 ? SST2_DEFAULT_TRAIN : 0) : trainExamples;
        if (want > 0 && want < trainRows.size()) trainRows = trainRows.subList(0, want);
        Path eval = evalFile != null ? evalFile : DataDir.file(dataDir, dir + "/dev.tsv");
        List<Example> evalExamples = tokenize(read(eval), tokenizer);
        if (evalExamples.isEmpty()) throw new InputException(eval + ": no data rows");
        List<Example> train = tokenize(trainRows, tokenizer), heldout = tokenize(heldRows, tokenizer);
        String desc = String.format("%s: %d of %d train.tsv examples%s, evaluated on %s (%d)", cliName.toUpperCase(),
                train.size(), rows.size(), held > 0 ? " (" + held + " held out for choosing settings, data seed " + DATA_SEED + ")" : "",
                evalFile != null ? evalFile.toString() : "dev.tsv", evalExamples.size());
        return new Data(this, List.copyOf(train), List.copyOf(heldout), evalExamples, desc);
    }

    /**
     * Reads the task's training file and the evaluation file (null = dev.tsv) without tokenising: a bad
     * file is reported before anything slow (the model load) starts.
     */
    public void validate(Path dataDir, Path evalFile) {
        read(DataDir.file(dataDir, dir + "/train.tsv"));
        read(evalFile != null ? evalFile : DataDir.file(dataDir, dir + "/dev.tsv"));
    }

    /** One labelled row of a task file: the text(s) and the label (class index, or the STS-B score). */
    record Row(String first, String second, double label, int line) {}

    /**
     * Reads a task file in GLUE's format; a wrong column count or a label outside the task's set is an
     * {@link InputException} naming file and line.
     */
    List<Row> read(Path file) {
        List<Row> out = new ArrayList<>();
        switch (this) {
            case SST2 -> GlueTsv.sst2(file).forEach(r -> out.add(new Row(r.text(), null, r.label(), r.line())));
            case MRPC -> GlueTsv.mrpc(file).forEach(r -> out.add(new Row(r.first(), r.second(), r.score(), r.line())));
            case STSB -> GlueTsv.stsb(file).forEach(r -> out.add(new Row(r.first(), r.second(), r.score(), r.line())));
            case RTE -> {
                GlueTsv.Table t = GlueTsv.read(file, 4);
                for (GlueTsv.Row r : t.rows()) {
                    String label = r.get(3).trim();
                    int y = switch (label) {
                        case "entailment" -> 1;
                        case "not_entailment" -> 0;
                        default -> throw new InputException(file + ":" + r.line() + ": field 4 (label): expected entailment or not_entailment, found "
                                + InputException.quote(r.get(3)));
                    };
                    out.add(new Row(r.get(1), r.get(2), y, r.line()));
                }
            }
            case COLA -> {
                // CoLA's files have no header: the reader's "header" is the first data row.
                GlueTsv.Table t = GlueTsv.read(file, 4);
                List<GlueTsv.Row> all = new ArrayList<>();
                all.add(new GlueTsv.Row(1, t.header()));
                all.addAll(t.rows());
                for (GlueTsv.Row r : all) {
                    String label = r.get(1).trim();
                    if (!label.equals("0") && !label.equals("1")) {
                        throw new InputException(file + ":" + r.line() + ": field 2 (label): expected 0 or 1, found " + InputException.quote(r.get(1)));
                    }
                    out.add(new Row(r.get(3), null, Integer.parseInt(label), r.line()));
                }
            }
        }
        return out;
    }

    private List<Example> tokenize(List<Row> rows, WordPieceTokenizer tok) {
        List<Example> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            TokenBatch.Sequence s = row.second() == null ? tok.encode(row.first()) : tok.encodePair(row.first(), row.second());
            out.add(regression() ? Example.regression(s.ids(), s.typeIds(), (float) row.label())
                    : Example.classification(s.ids(), s.typeIds(), (int) row.label()));
        }
        return out;
    }
}
