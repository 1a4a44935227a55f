package org.nxm.model.io.onnx;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nxm.model.io.InputException;
import org.nxm.model.tensor.Tensor;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.model.transformer.TransformerWeights;

/**
 * Maps a PyTorch-exported BERT ONNX graph to {@link TransformerWeights} under Hugging Face names.
 * Biases, LayerNorm and embedding tables keep their module names as initializer names. Linear weights
 * do not: the exporter folds {@code x @ W.T} into a MatMul against an anonymous initializer
 * ({@code onnx::MatMul_787}) stored {@code [in, out]}; the MatMul node's name
 * ({@code /encoder/layer.0/attention/self/query/MatMul}) says which Linear it is, and the weight is
 * transposed back to {@code [out, in]}.
 */
public final class OnnxBertImporter {
    private OnnxBertImporter() {}

    private static final Pattern LINEAR_MATMUL = Pattern.compile("/encoder/layer\\.(\\d+)/(.+)/MatMul");

    public static TransformerWeights toWeights(OnnxModel model, TransformerConfig config, String source) {
        Map<String, int[]> expected = config.tensorShapes();
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (OnnxModel.Node node : model.nodes()) {
            if (!"MatMul".equals(node.opType())) continue;
            Matcher m = LINEAR_MATMUL.matcher(node.name());
            if (!m.matches() || node.inputs().size() != 2) continue;
            Tensor w = model.initializers().get(node.inputs().get(1));
            if (w == null) continue; // activation x activation MatMul (attention scores), not a Linear
            String linear = "encoder.layer." + m.group(1) + "." + m.group(2).replace('/', '.');
            if (w.rank() != 2) {
                throw new InputException(source + ": initializer " + node.inputs().get(1) + " of node " + node.name()
                        + " has shape " + w.shapeString() + ", expected a 2-D [in, out] weight");
            }
            out.put(linear + ".weight", transpose(w));
        }
        for (Map.Entry<String, Tensor> e : model.initializers().entrySet()) {
            if (expected.containsKey(e.getKey()) && !out.containsKey(e.getKey())) out.put(e.getKey(), e.getValue());
        }
        return new TransformerWeights(config, out, source);
    }

    private static Tensor transpose(Tensor w) {
        return Tensor.of(w.asMatrix().transpose());
    }
}
