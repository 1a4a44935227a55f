package org.nxm.admm.finetune.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nxm.model.io.InputException;
import org.nxm.model.tensor.Matrix;

/**
 * The trainable tensors of a BERT-style encoder under their Hugging Face names
 * ({@code encoder.layer.0.attention.self.query.weight}, weights {@code [out, in]}).
 */
public final class EncoderParams {
    /** The six Linear layers of an encoder layer, in forward order, as name suffixes. */
    public static final List<String> LAYER_LINEARS = List.of(
            "attention.self.query", "attention.self.key", "attention.self.value",
            "attention.output.dense", "intermediate.dense", "output.dense");

    private final EncoderDims dims;
    private final Map<String, Param> params = new LinkedHashMap<>();

    private EncoderParams(EncoderDims dims) {
        this.dims = dims;
    }

    public EncoderDims dims() { return dims; }

    /** Builds from tensors by HF name (vectors may be {@code [1, n]} or {@code [n, 1]}); copies them. */
    public static EncoderParams fromTensors(EncoderDims dims, Map<String, Matrix> tensors) {
        EncoderParams p = new EncoderParams(dims);
        int h = dims.hidden(), f = dims.ffn();
        p.add(tensors, "embeddings.word_embeddings.weight", dims.vocab(), h, false);
        p.add(tensors, "embeddings.position_embeddings.weight", dims.maxPositions(), h, false);
        p.add(tensors, "embeddings.token_type_embeddings.weight", dims.typeVocab(), h, false);
        p.add(tensors, "embeddings.LayerNorm.weight", 1, h, false);
        p.add(tensors, "embeddings.LayerNorm.bias", 1, h, false);
        for (int l = 0; l < dims.layers(); l++) {
            String pre = "encoder.layer." + l + ".";
            for (String lin : LAYER_LINEARS) {
                int out = lin.equals("intermediate.dense") ? f : h;
                int in = lin.equals("output.dense") ? f : h;
                p.add(tensors, pre + lin + ".weight", out, in, true);
                p.add(tensors, pre + lin + ".bias", 1, out, false);
            }
            p.add(tensors, pre + "attention.output.LayerNorm.weight", 1, h, false);
            p.add(tensors, pre + "attention.output.LayerNorm.bias", 1, h, false);
            p.add(tensors, pre + "output.LayerNorm.weight", 1, h, false);
            p.add(tensors, pre + "output.LayerNorm.bias", 1, h, false);
        }
        return p;
    }

    /** A random encoder (BERT's N(0, 0.02) init, LayerNorm γ=1, β=0) for tests and benchmarks. */
    public static EncoderParams random(EncoderDims dims, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, Matrix> t = new LinkedHashMap<>();
        EncoderParams shapes = new EncoderParams(dims);
        for (String name : names(dims)) {
            int[] shape = shapes.shape(name);
            Matrix m = new Matrix(shape[0], shape[1]);
            float[] d = m.data();
            if (name.endsWith("LayerNorm.weight")) java.util.Arrays.fill(d, 1f);
            else if (!name.endsWith(".bias")) for (int i = 0; i < d.length; i++) d[i] = (float) (0.02 * gaussian(rnd));
            t.put(name, m);
        }
        return fromTensors(dims, t);
    }

    static double gaussian(SplittableRandom rnd) {
        double u = rnd.nextDouble(), v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    private static List<String> names(EncoderDims dims) {
        List<String> n = new ArrayList<>(List.of("embeddings.word_embeddings.weight",
                "embeddings.position_embeddings.weight", "embeddings.token_type_embeddings.weight",
                "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias"));
        for (int l = 0; l < dims.layers(); l++) {
            String pre = "encoder.layer." + l + ".";
            for (String lin : LAYER_LINEARS) {
                n.add(pre + lin + ".weight");
                n.add(pre + lin + ".bias");
            }
            for (String ln : List.of("attention.output.LayerNorm", "output.LayerNorm")) {
                n.add(pre + ln + ".weight");
                n.add(pre + ln + ".bias");
            }
        }
        return n;
    }

    private int[] shape(String name) {
        int h = dims.hidden(), f = dims.ffn();
        if (name.equals("embeddings.word_embeddings.weight")) return new int[] {dims.vocab(), h};
        if (name.equals("embeddings.position_embeddings.weight")) return new int[] {dims.maxPositions(), h};
        if (name.equals("embeddings.token_type_embeddings.weight")) return new int[] {dims.typeVocab(), h};
        if (name.startsWith("embeddings.")) return new int[] {1, h};
        for (String lin : LAYER_LINEARS) {
            if (!name.contains("." + lin + ".")) continue;
            int out = lin.equals("intermediate.dense") ? f : h;
            int in = lin.equals("output.dense") ? f : h;
            return name.endsWith(".weight") ? new int[] {out, in} : new int[] {1, out};
        }
        return new int[] {1, h};
    }

    private void add(Map<String, Matrix> tensors, String name, int rows, int cols, boolean decayed) {
        Matrix m = tensors.get(name);
        if (m == null) throw new InputException(name + ": tensor missing (expected [" + rows + ", " + cols + "])");
        boolean vector = rows == 1;
        boolean ok = vector ? m.data().length == cols && (m.rows() == 1 || m.cols() == 1)
                : m.rows() == rows && m.cols() == cols;
        if (!ok) {
            throw new InputException(name + ": shape [" + m.rows() + ", " + m.cols() + "], expected [" + rows + ", " + cols + "]");
        }
        params.put(name, new Param(name, new Matrix(rows, cols, m.data().clone()), decayed));
    }

    public Param get(String name) {
        Param p = params.get(name);
        if (p == null) throw new IllegalArgumentException("no parameter " + name);
        return p;
    }

    public Param layer(int l, String suffix) { return get("encoder.layer." + l + "." + suffix); }

    public List<Param> all() { return Collections.unmodifiableList(new ArrayList<>(params.values())); }

    /** The Linear weights that N:M sparsity applies to, in layer order. */
    public List<Param> linearWeights() {
        List<Param> out = new ArrayList<>();
        for (int l = 0; l < dims.layers(); l++) for (String lin : LAYER_LINEARS) out.add(layer(l, lin + ".weight"));
        return out;
    }

    /** Copies of all tensors by name, vectors as {@code [1, n]}. */
    public Map<String, Matrix> toTensors() {
        Map<String, Matrix> out = new LinkedHashMap<>();
        for (Param p : params.values()) out.put(p.name(), p.value().copy());
        return out;
    }

    /** A deep copy (values only, fresh gradients). */
    public EncoderParams copy() {
        return fromTensors(dims, toTensors());
    }
}
