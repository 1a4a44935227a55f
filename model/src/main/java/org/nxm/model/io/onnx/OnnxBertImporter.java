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
 *
 * <p>The mapping is by name, so it holds for any depth and width of a BERT-family encoder (MiniLM, BGE, E5,
 * BERT). {@link #inferConfig} reads the shapes from the initializers (vocabulary, hidden and FFN width,
 * positions, token types, layer count from the MatMul names) and the two numbers weights do not carry
 * from the graph's constants: the attention scale √d_head (the scores' {@code Div}, or the
 * {@code 1/⁴√d_head} {@code Mul} of newer exports) gives the head count, the embeddings LayerNorm's
 * {@code Add} constant the epsilon.
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

    /** Weights under a config inferred from the graph itself (see {@link #inferConfig}). */
    public static TransformerWeights toWeights(OnnxModel model, String name, String source) {
        return toWeights(model, inferConfig(model, name, source), source);
    }

    private static final Pattern ANY_LAYER = Pattern.compile("/encoder/layer\\.(\\d+)/.*");

    /** The encoder's shape as the ONNX graph states it; a graph that is not a BERT encoder is one input-error line. */
    public static TransformerConfig inferConfig(OnnxModel model, String name, String source) {
        Tensor word = require(model, "embeddings.word_embeddings.weight", 2, source);
        Tensor pos = require(model, "embeddings.position_embeddings.weight", 2, source);
        Tensor type = require(model, "embeddings.token_type_embeddings.weight", 2, source);
        Tensor inter = require(model, "encoder.layer.0.intermediate.dense.bias", 1, source);
        int layers = 0;
        for (OnnxModel.Node n : model.nodes()) {
            Matcher m = ANY_LAYER.matcher(n.name());
            if (m.matches()) layers = Math.max(layers, Integer.parseInt(m.group(1)) + 1);
        }
        if (layers == 0) throw new InputException(source + ": no /encoder/layer.N/ nodes: not a BERT-family encoder graph");
        int hidden = word.dim(1);
        int headDim = headDim(model, source);
        if (headDim <= 0 || hidden % headDim != 0) {
            throw new InputException(source + ": attention scale gives head size " + headDim + ", which does not divide hidden size " + hidden);
        }
        double eps = constantInput(model, "/embeddings/LayerNorm/Add", 1e-12);
        return new TransformerConfig(name, layers, hidden, hidden / headDim, inter.dim(0), word.dim(0), pos.dim(0), type.dim(0),
                (float) eps, false);
    }

    private static Tensor require(OnnxModel model, String name, int rank, String source) {
        Tensor t = model.initializers().get(name);
        if (t == null) throw new InputException(source + ": no initializer " + name + " (expected a BERT-family encoder exported from Hugging Face)");
        if (t.rank() != rank) throw new InputException(source + ": initializer " + name + " has shape " + t.shapeString() + ", expected rank " + rank);
        return t;
    }

    /** d_head from layer 0's attention scale: scores / √d (Div), or q·s and k·s with s = d^(-1/4) (Mul). */
    private static int headDim(OnnxModel model, String source) {
        double div = constantInput(model, "/encoder/layer.0/attention/self/Div", Double.NaN);
        if (!Double.isNaN(div) && div > 0) return (int) Math.round(div * div);
        double mul = constantInput(model, "/encoder/layer.0/attention/self/Mul", Double.NaN);
        if (!Double.isNaN(mul) && mul > 0) return (int) Math.round(1 / (mul * mul * mul * mul));
        throw new InputException(source + ": cannot find the attention scale (node /encoder/layer.0/attention/self/Div) to infer the head count; "
                + "put the model's config.json beside the ONNX file");
    }

    /** The scalar constant feeding node {@code nodeName} (a Constant node or a scalar initializer), else {@code fallback}. */
    private static double constantInput(OnnxModel model, String nodeName, double fallback) {
        for (OnnxModel.Node n : model.nodes()) {
            if (!n.name().equals(nodeName)) continue;
            for (String in : n.inputs()) {
                double[] c = model.constants().get(in);
                if (c != null && c.length == 1) return c[0];
                Tensor t = model.initializers().get(in);
                if (t != null && t.size() == 1) return t.data()[0];
            }
        }
        return fallback;
    }

    private static Tensor transpose(Tensor w) {
        return Tensor.of(w.asMatrix().transpose());
    }
}
