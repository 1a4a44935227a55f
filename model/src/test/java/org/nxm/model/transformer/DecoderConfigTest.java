package org.nxm.model.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nxm.model.io.InputException;

class DecoderConfigTest {
    @Test
    void llama3ParameterCountMatchesThePublished8Billion() {
        DecoderConfig c = DecoderConfig.preset("llama-3-8b");
        assertEquals(4, c.groupSize());
        assertEquals(1024, c.kvWidth());
        // Linears of 32 blocks + LM head + embedding table (norm weights: 0.27 M more): 8.03 B published.
        long params = c.layers() * c.layerLinearParams() + c.lmHeadParams() + (long) c.vocabSize() * c.hidden();
        assertEquals(8.03e9, params, 0.01e9);
    }

    @Test
    void presetsHaveTheirPublicShapes() {
        assertEquals(DecoderConfig.presetNames(), java.util.List.of("llama-3-8b", "llama-3.1-8b", "llama-2-7b", "mistral-7b", "qwen2.5-7b", "gpt2", "llama-3-70b"));
        DecoderConfig q = DecoderConfig.preset("qwen2.5-7b");
        assertEquals(7, q.groupSize());
        assertEquals(DecoderConfig.Bias.QKV, q.bias());
        assertTrue(DecoderConfig.preset("gpt2").tiedEmbeddings());
        assertEquals(DecoderConfig.Ffn.GELU, DecoderConfig.preset("gpt2").ffn());
        // Llama-3-70B: 70.6 B parameters.
        DecoderConfig l70 = DecoderConfig.preset("llama-3-70b");
        assertEquals(70.6e9, l70.layers() * l70.layerLinearParams() + 2 * l70.lmHeadParams(), 0.1e9);
        assertThrows(InputException.class, () -> DecoderConfig.preset("llama-4"));
    }

    @Test
    void kvHeadsMustDivideHeads() {
        InputException e = assertThrows(InputException.class, () -> DecoderYaml.parse(
                "layers: 2\nhidden: 256\nheads: 8\nn_kv_heads: 3\nintermediate: 512\nvocab: 1000\nmax_context: 128\n", "m.yaml", "m"));
        assertTrue(e.getMessage().startsWith("m.yaml: m: n_kv_heads 3 does not divide heads 8"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void yamlFormWithDefaultsAndErrors() {
        DecoderConfig c = DecoderYaml.parse("name: tiny\nlayers: 2\nhidden: 256\nheads: 8\nn_kv_heads: 2\nintermediate: 512\n"
                + "vocab: 1000\nmax_context: 128\nbias: qkv\n", "t.yaml", "t");
        assertEquals(new DecoderConfig("tiny", 2, 256, 8, 2, 512, 1000, 128, false, DecoderConfig.Norm.RMSNORM,
                DecoderConfig.Ffn.SWIGLU, DecoderConfig.Positions.ROPE, DecoderConfig.Bias.QKV, 1e-5, 10000), c);
        assertTrue(assertThrows(InputException.class, () -> DecoderYaml.parse("layers: 2\nhiden: 3\n", "t.yaml", "t"))
                .getMessage().startsWith("t.yaml: unknown field 'hiden'"));
        assertTrue(assertThrows(InputException.class, () -> DecoderYaml.parse("layers: 2\nhidden: 256\nheads: 8\n", "t.yaml", "t"))
                .getMessage().startsWith("t.yaml: field 'intermediate': missing"));
        assertTrue(assertThrows(InputException.class, () -> DecoderYaml.parse("layers: 2\nhidden: 256\nheads: 8\nintermediate: 1\n"
                + "vocab: 1\nmax_context: 1\nnorm: batchnorm\n", "t.yaml", "t")).getMessage().contains("expected rmsnorm | layernorm"));
        assertTrue(assertThrows(InputException.class, () -> DecoderYaml.parse("[1, 2", "t.yaml", "t")).getMessage().startsWith("t.yaml: not valid YAML"));
    }
}
