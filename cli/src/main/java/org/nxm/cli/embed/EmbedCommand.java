package org.nxm.cli.embed;

import org.nxm.cli.JsonOutput;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nxm.cli.model.ModelOptions;
import org.nxm.model.transformer.EncoderModel;
import org.nxm.model.transformer.SentenceEmbedder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Embeds sentences with all-MiniLM-L6-v2 (Java forward pass) and prints their cosine similarities. */
@Command(name = "embed", header = "Sentence embeddings (all-MiniLM-L6-v2, bge-small or your model) and their cosine similarity.", mixinStandardHelpOptions = true,
        description = {"Embed sentences with all-MiniLM-L6-v2 (masked mean pooling, L2-normalised) and print their cosine similarity:",
            "one number for two sentences, a matrix for more."},
        footer = {"", "Example:", "  nxm embed \"A man is playing a guitar.\" \"A person plays music.\"",
            "  nxm embed --json --vectors \"first sentence\" \"second\" \"third\"",
            "  nxm embed --model bge-small \"A man is playing a guitar.\" \"A person plays music.\"",
            "  nxm embed --model-dir ./my-bert \"first\" \"second\"       # a Hugging Face directory"})
public final class EmbedCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "SENTENCE", description = "sentences to embed")
    List<String> sentences;

    @Option(names = "--json", description = "print JSON (sentences, cosine matrix) instead of text")
    boolean json;

    @Option(names = "--vectors", description = "include the embedding vectors (hidden-size floats each) in the output")
    boolean vectors;

    @Mixin
    ModelOptions model;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        EncoderModel m = model.load();
        float[][] emb = m.embedder().embed(sentences);
        int n = emb.length;
        double[][] cos = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) cos[i][j] = SentenceEmbedder.cosine(emb[i], emb[j]);
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("model", model.describe());
            o.put("sentences", sentences);
            if (n == 2) o.put("cosine", round(cos[0][1]));
            List<List<Double>> matrix = new ArrayList<>();
            for (double[] row : cos) {
                List<Double> r = new ArrayList<>();
                for (double c : row) r.add(round(c));
                matrix.add(r);
            }
            o.put("cosine_matrix", matrix);
            if (vectors) o.put("embeddings", emb);
            out.println(JsonOutput.pretty(o));
        } else if (n == 2) {
            out.printf(Locale.ROOT, "cosine similarity: %.4f%n", cos[0][1]);
        } else if (n == 1) {
            out.printf(Locale.ROOT, "embedding of dimension %d (L2 norm 1)%n", emb[0].length);
        } else {
            out.print("     ");
            for (int j = 0; j < n; j++) out.printf(Locale.ROOT, "%8s", "[" + (j + 1) + "]");
            out.println();
            for (int i = 0; i < n; i++) {
                out.printf(Locale.ROOT, "%-5s", "[" + (i + 1) + "]");
                for (int j = 0; j < n; j++) out.printf(Locale.ROOT, "%8.4f", cos[i][j]);
                out.println("  " + sentences.get(i));
            }
        }
        if (vectors && !json) {
            for (int i = 0; i < n; i++) {
                StringBuilder sb = new StringBuilder();
                for (int j = 0; j < emb[i].length; j++) sb.append(j == 0 ? "" : ",").append(emb[i][j]);
                out.println(sb);
            }
        }
        out.flush();
        return 0;
    }

    private static double round(double v) { return Math.round(v * 1e6) / 1e6; }
}
