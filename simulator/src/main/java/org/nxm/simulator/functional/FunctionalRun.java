package org.nxm.simulator.functional;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.nxm.compiler.Compiler;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.LoweredModel;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.lower.WeightBinding;
import org.nxm.compiler.program.ModelShape;
import org.nxm.compiler.program.Program;
import org.nxm.model.data.DataDir;
import org.nxm.model.data.GlueTsv;
import org.nxm.model.io.InputException;
import org.nxm.model.io.safetensors.SafetensorsFile;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;
import org.nxm.model.tokenizer.WordPieceTokenizer;
import org.nxm.model.transformer.LinearSpec;
import org.nxm.model.transformer.MiniLm;
import org.nxm.model.transformer.TokenBatch;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.model.transformer.TransformerWeights;

/**
 * The setup of a functional run, as {@code nxm simulate --functional} and {@code nxm run} need it: the
 * weights to run (pretrained all-MiniLM-L6-v2, a pruned file, or seeded random weights for presets without
 * pretrained ones), projected onto the program's N:M pattern where they do not obey it, compiled into a
 * program that carries them, and real STS-B text packed into the program's batch × seq token rows.
 */
public final class FunctionalRun {
    private FunctionalRun() {}

    /**
     * N:M weights bound to a program's shape; {@code projected}: Linear weights that had to be projected,
     * {@code projectedGroups}: their groups of m that held more than n non-zeros.
     */
    public record SparseWeights(TransformerWeights weights, WeightBinding binding, int projected, long projectedGroups) {}

    /** A model's weights and the tokenizer of its texts. */
    public record Source(TransformerWeights weights, WordPieceTokenizer tokenizer) {}

    /** Token rows filled with texts; {@code sentences}: how many texts went in (a text may be cut at a sequence end). */
    public record Packed(TokenBatch batch, int sentences) {}

    /**
     * The weights of a model preset: all-MiniLM-L6-v2's (with the Linear weights of {@code weightsFile}
     * when given), or for another preset seeded random weights (said on {@code notice}).
     */
    public static TransformerWeights sourceWeights(String model, Path weightsFile, Consumer<String> notice) {
        if ("minilm-l6".equals(model)) return loadMiniLm(weightsFile);
        if (!TransformerConfig.presetNames().contains(model)) {
            throw new InputException("--functional: needs a Transformer model (minilm-l6, bert-base, ...), not " + model);
        }
        if (weightsFile != null) throw new InputException("--weights: only all-MiniLM-L6-v2 weights are read (model is " + model + ")");
        notice.accept(model + " has no pretrained weights here: functional run on seeded random weights");
        return TransformerWeights.random(TransformerConfig.preset(model), 42);
    }

    /**
     * all-MiniLM-L6-v2 from its artifact, with the Linear weights (and biases) of {@code weightsFile}
     * when given. Fails with one line when the file is missing or holds no Linear.
     */
    public static TransformerWeights loadMiniLm(Path weightsFile) {
        TransformerWeights w = MiniLm.loadWeights();
        if (weightsFile == null) return w;
        org.nxm.model.io.InputFiles.refuseNonRegular(weightsFile, "weights file");
        if (!Files.isRegularFile(weightsFile)) throw new InputException(weightsFile + ": weights file not found");
        SafetensorsFile f = SafetensorsFile.open(weightsFile);
        int replaced = 0;
        for (LinearSpec s : w.config().linears()) {
            if (f.contains(s.weightName())) {
                Matrix m = f.matrix(s.weightName());
                if (m.rows() != s.out() || m.cols() != s.in()) {
                    throw new InputException(weightsFile + ": tensor '" + s.weightName() + "' is " + m.rows() + "x" + m.cols()
                            + ", expected [" + s.out() + ", " + s.in() + "]");
                }
                w = w.withLinearWeight(s.name(), m);
                replaced++;
            }
        }
        if (replaced == 0) throw new InputException(weightsFile + ": no Linear weight of minilm-l6 found (expected names like "
                + w.config().linears().get(0).weightName() + ")");
        return w;
    }

    /** The weights with every Linear weight projected onto {@code pattern} (largest magnitudes kept) where needed. */
    public static SparseWeights sparse(TransformerWeights source, LoweredModel lowered, NmPattern pattern) {
        WeightBinding b = WeightBinding.fromWeights(source, lowered, pattern, true);
        TransformerWeights w = source;
        long groups = 0;
        for (LinearSpec s : source.config().linears()) {
            Matrix m = b.weights().get(s.weightName());
            if (m == null) continue;
            if (pattern != null) groups += overfullGroups(source.linearWeight(s), pattern);
            w = w.withLinearWeight(s.name(), m);
        }
        return new SparseWeights(w, b, b.projected(), groups);
    }

    /** Groups of m consecutive weights along a row with more than n non-zeros. */
    static long overfullGroups(Matrix w, NmPattern p) {
        float[] d = w.data();
        long over = 0;
        for (int r = 0; r < w.rows(); r++) {
            for (int g = 0; g + p.m() <= w.cols(); g += p.m()) {
                int nz = 0;
                for (int j = 0; j < p.m(); j++) if (d[r * w.cols() + g + j] != 0f) nz++;
                if (nz > p.n()) over++;
            }
        }
        return over;
    }

    /** The same, for a program read from a file: its shape and pattern. */
    public static SparseWeights sparseFor(Program program, TransformerWeights source) {
        return sparse(source, Lowering.lower(program.model()), program.weightPattern());
    }

    /** Compiles a program that carries the (projected) weights: the program that is both timed and run. */
    public static Program compile(SparseWeights w, LoweredModel lowered, HardwareConfig hw, NmPattern pattern) {
        WeightBinding b = w.binding();
        return Compiler.compile(new Compiler.Request(lowered, hw, pattern, b.weights()::get, b.parameters()::get)).program();
    }

    /** The same with a chosen GEMM planner (mapper). */
    public static Program compile(SparseWeights w, LoweredModel lowered, HardwareConfig hw, NmPattern pattern,
                                  org.nxm.compiler.mapping.GemmPlanner planner) {
        WeightBinding b = w.binding();
        return Compiler.compile(new Compiler.Request(lowered, hw, pattern, b.weights()::get, b.parameters()::get), planner).program();
    }

    /** The lowered model of a preset's shape. */
    public static LoweredModel lower(TransformerConfig config, int batch, int seq) {
        return Lowering.lower(ModelShape.of(config, batch, seq));
    }

    /** The first {@code count} sentences of STS-B dev (both sides of each pair, in file order). */
    public static List<String> stsbSentences(Path dataDir, int count) {
        List<String> out = new ArrayList<>();
        for (GlueTsv.SentencePair pair : GlueTsv.stsb(DataDir.file(dataDir, "glue/sts-b/dev.tsv"))) {
            if (out.size() >= count) break;
            out.add(pair.first());
            if (out.size() < count) out.add(pair.second());
        }
        return out;
    }

    /**
     * {@code batch} sequences of {@code seq} tokens: [CLS], the texts' word pieces back to back (starting
     * over when they run out), [SEP]. No padding: a compiled program has no attention mask.
     */
    public static Packed pack(WordPieceTokenizer tok, List<String> texts, int batch, int seq) {
        if (texts.isEmpty()) throw new InputException("functional run: no texts to run");
        if (seq < 3) throw new InputException("functional run: sequences of " + seq + " tokens leave no room for text");
        int[] specials = tok.encode("").ids();   // [CLS], [SEP]
        List<TokenBatch.Sequence> seqs = new ArrayList<>();
        int t = 0, empty = 0;
        for (int b = 0; b < batch; b++) {
            int[] ids = new int[seq];
            ids[0] = specials[0];
            int pos = 1;
            while (pos < seq - 1) {
                int[] more = tok.ids(texts.get(t++ % texts.size()));
                empty = more.length == 0 ? empty + 1 : 0;
                if (empty > texts.size()) throw new InputException("functional run: the texts hold no word pieces");
                int take = Math.min(more.length, seq - 1 - pos);
                System.arraycopy(more, 0, ids, pos, take);
                pos += take;
            }
            ids[seq - 1] = specials[specials.length - 1];
            seqs.add(TokenBatch.Sequence.of(ids));
        }
        return new Packed(TokenBatch.of(seqs), Math.min(t, texts.size()));
    }
}
