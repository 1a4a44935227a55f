package org.nxm.model.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nxm.model.io.onnx.OnnxBertImporter;
import org.nxm.model.io.onnx.OnnxModel;
import org.nxm.model.tensor.Matrix;

/**
 * bge-small-en-v1.5 through the Java forward pass against ONNX Runtime on the same ONNX file and real
 * STS-B sentences (as {@link OnnxRuntimeOracleTest} does for MiniLM): last hidden state within 1e-4 on every
 * real token, [CLS] embeddings with cosine ≥ 0.99999; and the shape the importer infers from the graph alone
 * equals the preset.
 */
class BgeSmallOracleTest {
    static byte[] onnx;
    static EncoderModel model;
    static OrtEnvironment env;
    static OrtSession session;

    @BeforeAll
    static void load() throws Exception {
        onnx = BgeSmall.onnxBytes();
        model = BgeSmall.load();
        env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        opts.setIntraOpNumThreads(2);
        session = env.createSession(onnx, opts);
    }

    @AfterAll
    static void close() throws Exception {
        if (session != null) session.close();
    }

    @Test
    void graphAloneGivesThePresetShape() {
        TransformerConfig inferred = OnnxBertImporter.inferConfig(OnnxModel.parse(onnx, "bge"), "bge-small", "bge");
        assertEquals(BgeSmall.config(), inferred);
        // 33.36 M with the pooler, which the ONNX export leaves out.
        assertEquals(33_212_160, model.weights().parameterCount());
    }

    @Test
    void javaForwardMatchesOnnxRuntimeOnRealSentences() throws Exception {
        List<String> sentences = OnnxRuntimeOracleTest.stsbSentences(40);
        TokenBatch batch = model.tokenizer().batch(sentences);
        Matrix javaHidden = model.encoder().forward(batch);
        long[] shape = {batch.batchSize(), batch.seqLen()};
        long[] ids = new long[batch.rows()], mask = new long[batch.rows()], types = new long[batch.rows()];
        for (int i = 0; i < batch.rows(); i++) { ids[i] = batch.inputIds()[i]; mask[i] = batch.attentionMask()[i]; types[i] = batch.tokenTypeIds()[i]; }
        float[][][] ort;
        try (OnnxTensor ti = OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(ids), shape);
             OnnxTensor tm = OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(mask), shape);
             OnnxTensor tt = OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(types), shape);
             OrtSession.Result r = session.run(Map.of("input_ids", ti, "attention_mask", tm, "token_type_ids", tt))) {
            ort = (float[][][]) r.get("last_hidden_state").orElseThrow().getValue();
        }
        double maxDiff = 0;
        for (int b = 0; b < batch.batchSize(); b++) {
            for (int t = 0; t < batch.seqLen(); t++) {
                if (!batch.isReal(b, t)) continue;
                for (int j = 0; j < 384; j++) maxDiff = Math.max(maxDiff, Math.abs(javaHidden.get(b * batch.seqLen() + t, j) - ort[b][t][j]));
            }
        }
        System.out.printf("bge-small oracle: %d sentences, max |Java - ORT| last hidden state = %.3g%n", sentences.size(), maxDiff);
        assertTrue(maxDiff <= 1e-4, "max abs diff " + maxDiff);

        Matrix ortHidden = new Matrix(batch.rows(), 384);
        for (int b = 0; b < batch.batchSize(); b++) {
            for (int t = 0; t < batch.seqLen(); t++) System.arraycopy(ort[b][t], 0, ortHidden.data(), (b * batch.seqLen() + t) * 384, 384);
        }
        float[][] ortEmb = Pooling.CLS_NORMALIZED.pool(ortHidden, batch);
        float[][] viaEmbedder = model.embedder().embed(sentences);
        double minCos = 1;
        for (int b = 0; b < batch.batchSize(); b++) minCos = Math.min(minCos, SentenceEmbedder.cosine(viaEmbedder[b], ortEmb[b]));
        System.out.printf("bge-small oracle: min [CLS] embedding cosine Java vs ORT = %.8f%n", minCos);
        assertTrue(minCos >= 0.99999, "min cosine " + minCos);
    }
}
