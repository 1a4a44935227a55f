package org.nxm.model.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nxm.model.data.DataDir;
import org.nxm.model.tensor.Matrix;

/**
 * The Java forward pass against ONNX Runtime (the oracle, test scope only) on the same ONNX file and
 * real STS-B sentences: last hidden state within 1e-4 on every real token, pooled embeddings with
 * cosine ≥ 0.99999.
 */
class OnnxRuntimeOracleTest {
    static MiniLm model;
    static OrtEnvironment env;
    static OrtSession session;

    @BeforeAll
    static void load() throws Exception {
        model = MiniLm.load();
        env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        opts.setIntraOpNumThreads(2);
        session = env.createSession(MiniLm.onnxBytes(), opts);
    }

    @AfterAll
    static void close() throws Exception {
        if (session != null) session.close();
    }

    static List<String> stsbSentences(int count) throws IOException {
        List<String> lines = Files.readAllLines(DataDir.file(null, "glue/sts-b/dev.tsv"));
        List<String> out = new ArrayList<>();
        for (int i = 1; i < lines.size() && out.size() < count; i += 37) {
            String[] f = lines.get(i).split("\t", -1);
            out.add(f[7]);
            out.add(f[8]);
        }
        return out;
    }

    /** ONNX Runtime's last hidden state for a batch, [batch, seq, hidden] flattened. */
    static float[][][] ortForward(TokenBatch b) throws Exception {
        long[] shape = {b.batchSize(), b.seqLen()};
        long[] ids = new long[b.rows()], mask = new long[b.rows()], types = new long[b.rows()];
        for (int i = 0; i < b.rows(); i++) { ids[i] = b.inputIds()[i]; mask[i] = b.attentionMask()[i]; types[i] = b.tokenTypeIds()[i]; }
        try (OnnxTensor ti = OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(ids), shape);
             OnnxTensor tm = OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(mask), shape);
             OnnxTensor tt = OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(types), shape);
             OrtSession.Result r = session.run(Map.of("input_ids", ti, "attention_mask", tm, "token_type_ids", tt))) {
            return (float[][][]) r.get("last_hidden_state").orElseThrow().getValue();
        }
    }

    @Test
    void inputNamesAreTheBertOnes() {
        assertEquals(java.util.Set.of("input_ids", "attention_mask", "token_type_ids"), session.getInputNames());
    }

    @Test
    void javaForwardMatchesOnnxRuntimeOnRealSentences() throws Exception {
        List<String> sentences = stsbSentences(40);
        assertTrue(sentences.size() >= 20);
        TokenBatch batch = model.tokenizer().batch(sentences);
        Matrix java = model.encoder().forward(batch);
        float[][][] ort = ortForward(batch);
        int d = 384;
        double maxDiff = 0;
        for (int b = 0; b < batch.batchSize(); b++) {
            for (int t = 0; t < batch.seqLen(); t++) {
                if (!batch.isReal(b, t)) continue;
                for (int j = 0; j < d; j++) {
                    maxDiff = Math.max(maxDiff, Math.abs(java.get(b * batch.seqLen() + t, j) - ort[b][t][j]));
                }
            }
        }
        System.out.printf("oracle: %d sentences, max |Java - ORT| last hidden state = %.3g%n", sentences.size(), maxDiff);
        assertTrue(maxDiff <= 1e-4, "max abs diff " + maxDiff);

        float[][] javaEmb = SentenceEmbedder.meanPool(java, batch);
        float[][] ortEmb = poolOrt(ort, batch);
        double minCos = 1;
        for (int b = 0; b < batch.batchSize(); b++) minCos = Math.min(minCos, SentenceEmbedder.cosine(javaEmb[b], ortEmb[b]));
        System.out.printf("oracle: min embedding cosine Java vs ORT = %.8f%n", minCos);
        assertTrue(minCos >= 0.99999, "min cosine " + minCos);

        // The embedder's own batching (sorted by length, different padding) must give the same vectors.
        float[][] viaEmbedder = model.embedder().embed(sentences);
        for (int b = 0; b < batch.batchSize(); b++) assertTrue(SentenceEmbedder.cosine(viaEmbedder[b], ortEmb[b]) >= 0.99999);
    }

    static float[][] poolOrt(float[][][] ort, TokenBatch batch) {
        Matrix m = new Matrix(batch.rows(), ort[0][0].length);
        for (int b = 0; b < batch.batchSize(); b++) {
            for (int t = 0; t < batch.seqLen(); t++) System.arraycopy(ort[b][t], 0, m.data(), (b * batch.seqLen() + t) * m.cols(), m.cols());
        }
        return SentenceEmbedder.meanPool(m, batch);
    }
}
