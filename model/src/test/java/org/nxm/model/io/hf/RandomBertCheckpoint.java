package org.nxm.model.io.hf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nxm.model.io.safetensors.SafeTensor;
import org.nxm.model.io.safetensors.SafetensorsWriter;
import org.nxm.model.numeric.DType;
import org.nxm.model.tensor.Tensor;
import org.nxm.model.transformer.MiniLm;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.model.transformer.TransformerWeights;

/**
 * Writes a BERT-base-shaped {@code BertForSequenceClassification} directory with seeded random weights
 * (110 M parameters: {@code bert.} prefix, pooler, 2-class head) and MiniLM's uncased WordPiece tokenizer,
 * for the memory figure of pruning a checkpoint of that size (README). Not a test; run by hand:
 * {@code java -cp model/target/test-classes:model/target/classes:<deps> org.nxm.model.io.hf.RandomBertCheckpoint DIR}.
 */
public final class RandomBertCheckpoint {
    private RandomBertCheckpoint() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        TransformerConfig c = TransformerConfig.preset("bert-base");
        TransformerWeights w = TransformerWeights.random(c, 1);
        List<SafeTensor> ts = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : w.tensors().entrySet()) {
            ts.add(SafeTensor.ofFloats("bert." + e.getKey(), e.getValue().shape(), e.getValue().data(), DType.F32));
        }
        TransformerWeights head = TransformerWeights.random(c, 2);
        ts.add(SafeTensor.ofFloats("bert.pooler.dense.weight", new int[] {768, 768}, head.linearWeight("encoder.layer.0.attention.self.query").data(), DType.F32));
        ts.add(SafeTensor.ofFloats("bert.pooler.dense.bias", new int[] {768}, head.linearBias("encoder.layer.0.attention.self.query"), DType.F32));
        ts.add(SafeTensor.ofFloats("classifier.weight", new int[] {2, 768}, java.util.Arrays.copyOf(head.vector("embeddings.word_embeddings.weight"), 1536), DType.F32));
        ts.add(SafeTensor.ofFloats("classifier.bias", new int[] {2}, new float[2], DType.F32));
        SafetensorsWriter.write(dir.resolve("model.safetensors"), ts, Map.of("format", "pt"));
        Files.writeString(dir.resolve("config.json"), """
                {"architectures": ["BertForSequenceClassification"], "model_type": "bert", "hidden_act": "gelu",
                 "hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072,
                 "vocab_size": 30522, "max_position_embeddings": 512, "type_vocab_size": 2, "layer_norm_eps": 1e-12}
                """);
        Files.write(dir.resolve("tokenizer.json"), MiniLm.load().asModel().sideFiles().get("tokenizer.json"));
        long params = 0;
        for (SafeTensor t : ts) params += t.elementCount();
        System.out.println("wrote " + dir + ": " + params + " parameters");
    }
}
