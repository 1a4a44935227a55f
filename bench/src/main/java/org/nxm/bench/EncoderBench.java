package org.nxm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.nxm.model.tensor.Matrix;
import org.nxm.model.transformer.Encoder;
import org.nxm.model.transformer.MiniLm;
import org.nxm.model.transformer.SentenceEmbedder;
import org.nxm.model.transformer.TokenBatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The float32 reference forward pass of the real all-MiniLM-L6-v2 (6 layers) on a batch of real English
 * sentences, tokenised and padded to the longest: {@code forward} is the encoder alone, {@code embed} adds
 * tokenisation, length-sorted batching and pooling. Each sentence is ~13 tokens with [CLS]/[SEP].
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class EncoderBench {
    private static final String[] SENTENCES = {
        "A man with a hard hat is dancing.", "A young child is riding a horse.",
        "A man is feeding a mouse to a snake.", "A woman is playing the guitar.",
        "Three men are playing chess.", "A man is playing the cello.",
        "Some men are fighting.", "A man is smoking a cigarette in the park.",
    };

    @Param({"64"})
    int sentences;

    Encoder encoder;
    SentenceEmbedder embedder;
    TokenBatch batch;
    List<String> texts;

    @Setup
    public void setup() {
        MiniLm model = MiniLm.load();
        encoder = model.encoder();
        embedder = model.embedder();
        texts = new ArrayList<>();
        for (int i = 0; i < sentences; i++) texts.add(SENTENCES[i % SENTENCES.length]);
        batch = model.tokenizer().batch(texts);
    }

    @Benchmark
    public Matrix forward() {
        return encoder.forward(batch);
    }

    @Benchmark
    public float[][] embed() {
        return embedder.embed(texts);
    }
}
