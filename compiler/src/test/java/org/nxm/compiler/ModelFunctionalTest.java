package org.nxm.compiler;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.interp.ReferenceInterpreter;
import org.nxm.compiler.lower.LoweredModel;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.lower.WeightBinding;
import org.nxm.compiler.program.ModelShape;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.TensorKind;
import org.nxm.model.numeric.Float16;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;
import org.nxm.model.transformer.Encoder;
import org.nxm.model.transformer.LinearInputHook;
import org.nxm.model.transformer.MiniLm;
import org.nxm.model.transformer.TokenBatch;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.model.transformer.TransformerWeights;

/**
 * The whole lowering checked end to end on the real all-MiniLM-L6-v2 weights: 2:4-projected, compiled for
 * a100 (CUTLASS layout) and edge-4 (general N:M), executed by the reference interpreter from the
 * compressed tiles, compared with the model module's reference forward on the same (fp16-rounded) sparse
 * weights — with two sequences, so per-sequence/per-head slicing is exercised, and once causal.
 */
class ModelFunctionalTest {
    static final TransformerWeights MINILM = MiniLm.loadWeights();

    /** The first {@code layers} layers of the real model (all six would only make the test slower). */
    static TransformerWeights firstLayers(TransformerConfig config) {
        Map<String, org.nxm.model.tensor.Tensor> t = new java.util.LinkedHashMap<>();
        for (var e : MINILM.tensors().entrySet()) {
            String n = e.getKey();
            if (!n.startsWith("encoder.layer.") || Integer.parseInt(n.split("\\.")[2]) < config.layers()) t.put(n, e.getValue());
        }
        return new TransformerWeights(config, t);
    }

    static TransformerConfig miniLm(int layers, boolean causal) {
        TransformerConfig c = MiniLm.config();
        return new TransformerConfig("minilm-l" + layers + (causal ? "-causal" : ""), layers, c.hidden(), c.heads(), c.intermediate(),
                c.vocabSize(), c.maxPositions(), c.typeVocabSize(), c.layerNormEps(), causal);
    }

    static void check(TransformerConfig config, String hw, NmPattern pattern, int batch, int seq, double tol) {
        TransformerWeights w = firstLayers(config);
        LoweredModel lm = Lowering.lower(ModelShape.of(config, batch, seq));
        WeightBinding b = WeightBinding.fromWeights(w, lm, pattern, true);
        assertEquals(6 * config.layers(), b.projected());
        // The reference runs on exactly the weights the tiles hold: masked, rounded to fp16.
        TransformerWeights sparse = w;
        for (var e : b.weights().entrySet()) {
            float[] d = e.getValue().data().clone();
            for (int i = 0; i < d.length; i++) d[i] = Float16.toFloat(Float16.fromFloat(d[i]));
            String linear = e.getKey().substring(0, e.getKey().length() - ".weight".length());
            sparse = sparse.withLinearWeight(linear, new Matrix(e.getValue().rows(), e.getValue().cols(), d));
        }
        Program p = Compiler.compile(new Compiler.Request(lm, HardwareConfig.preset(hw), pattern,
                b.weights()::get, b.parameters()::get)).program();
        SplittableRandom r = new SplittableRandom(11);
        TokenBatch.Sequence[] seqs = new TokenBatch.Sequence[batch];
        for (int s = 0; s < batch; s++) {
            int[] ids = new int[seq];
            ids[0] = 101;
            for (int t = 1; t < seq; t++) ids[t] = 1000 + r.nextInt(20000);
            seqs[s] = TokenBatch.Sequence.of(ids);
        }
        TokenBatch tb = TokenBatch.of(seqs);
        Encoder enc = new Encoder(sparse);
        Matrix hidden = enc.embed(tb);
        Matrix input = hidden.copy();
        for (int l = 0; l < config.layers(); l++) hidden = enc.layer(l, hidden, tb, LinearInputHook.NONE);
        int in = p.tensors().stream().filter(t -> t.kind() == TensorKind.INPUT).findFirst().orElseThrow().id();
        int out = p.tensors().stream().filter(t -> t.kind() == TensorKind.OUTPUT).findFirst().orElseThrow().id();
        float[] got = ReferenceInterpreter.run(p, Map.of(in, input.data())).get(out);
        double maxErr = 0;
        for (int i = 0; i < got.length; i++) maxErr = Math.max(maxErr, Math.abs(got[i] - hidden.data()[i]));
        assertTrue(maxErr < tol, config.name() + " on " + hw + ": max abs error " + maxErr);
    }

    @Test
    void miniLmTwoFourOnA100MatchesTheReferenceForward() {
        check(miniLm(2, false), "a100", NmPattern.TWO_FOUR, 2, 8, 2e-4);
    }

    @Test
    void miniLmCausalOneFourOnEdge4MatchesTheReferenceForward() {
        check(miniLm(1, true), "edge-4", new NmPattern(1, 4), 1, 12, 2e-4);
    }
}
