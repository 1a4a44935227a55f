package org.nxm.model.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nxm.model.io.InputException;

class TransformerConfigTest {
    @Test
    void presetsHaveTheDesignShapes() {
        TransformerConfig m = TransformerConfig.preset("minilm-l6");
        assertEquals(6, m.layers());
        assertEquals(384, m.hidden());
        assertEquals(12, m.heads());
        assertEquals(1536, m.intermediate());
        assertEquals(30522, m.vocabSize());
        assertEquals(32, m.headDim());
        TransformerConfig b = TransformerConfig.preset("bert-base");
        assertEquals(12, b.layers());
        assertEquals(768, b.hidden());
        assertEquals(3072, b.intermediate());
        TransformerConfig l = TransformerConfig.preset("bert-large");
        assertEquals(24, l.layers());
        assertEquals(1024, l.hidden());
        assertEquals(16, l.heads());
        assertEquals(4096, l.intermediate());
        TransformerConfig g = TransformerConfig.preset("gpt2");
        assertTrue(g.causal());
        assertEquals(768, g.hidden());
    }

    @Test
    void unknownPresetListsKnownOnes() {
        InputException e = assertThrows(InputException.class, () -> TransformerConfig.preset("bert-huge"));
        assertTrue(e.getMessage().contains("minilm-l6, bge-small, bert-base, bert-large, gpt2"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void linearsAreSixPerLayerWithHuggingFaceNames() {
        TransformerConfig m = TransformerConfig.preset("minilm-l6");
        assertEquals(36, m.linears().size());
        LinearSpec q = m.linears().get(0);
        assertEquals("encoder.layer.0.attention.self.query", q.name());
        assertEquals("query", q.role());
        assertEquals("encoder.layer.0.attention.self.query.weight", q.weightName());
        LinearSpec up = m.linear("encoder.layer.5.intermediate.dense");
        assertEquals(384, up.in());
        assertEquals(1536, up.out());
        assertEquals(5, up.layer());
        assertEquals("output.dense", m.linears().get(5).role());
    }

    @Test
    void randomWeightsHaveAllShapesAndAreDeterministic() {
        TransformerConfig m = TransformerConfig.preset("minilm-l6");
        TransformerWeights a = TransformerWeights.random(m, 7), b = TransformerWeights.random(m, 7);
        assertEquals(m.tensorShapes().keySet(), a.tensors().keySet());
        assertEquals(a.tensor("encoder.layer.3.output.dense.weight"), b.tensor("encoder.layer.3.output.dense.weight"));
        assertEquals(1536, a.linearWeight("encoder.layer.0.output.dense").cols());
        // 22.7M parameters: the published size of all-MiniLM-L6-v2 (without the unused pooler).
        assertEquals(22_565_376L, a.parameterCount());
    }

    @Test
    void withLinearWeightReplacesOneTensorAndChecksShape() {
        TransformerConfig m = TransformerConfig.preset("minilm-l6");
        TransformerWeights a = TransformerWeights.random(m, 1);
        String name = "encoder.layer.2.attention.self.key";
        var zero = new org.nxm.model.tensor.Matrix(384, 384);
        TransformerWeights b = a.withLinearWeight(name, zero);
        assertEquals(0f, b.linearWeight(name).get(3, 4));
        assertTrue(a.linearWeight(name).get(3, 4) != 0f);
        assertTrue(b.vector("encoder.layer.2.attention.self.key.bias") == a.vector("encoder.layer.2.attention.self.key.bias"));
        assertThrows(InputException.class, () -> a.withLinearWeight(name, new org.nxm.model.tensor.Matrix(384, 383)));
    }
}
