package org.nxm.model.transformer;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nxm.model.io.InputException;
import org.nxm.model.tensor.Matrix;
import org.nxm.model.tensor.Tensor;

/**
 * All tensors of an encoder under their Hugging Face BERT names (see {@link TransformerConfig#tensorShapes()}),
 * checked against the config's shapes on construction. Linear weights are {@code [out, in]}.
 *
 * <p>Immutable as a map: {@link #withLinearWeight} and {@link #withTensor} return new weights that share
 * every other tensor. The float arrays themselves are shared, not copied; call {@link #copy()} before
 * editing data in place.
 */
public final class TransformerWeights {
    private final TransformerConfig config;
    private final Map<String, Tensor> tensors;
    private final CheckpointLayout layout;

    /**
     * @param source names the origin (a file) in error messages
     * @throws InputException if a tensor is missing, unexpected or of the wrong shape
     */
    public TransformerWeights(TransformerConfig config, Map<String, Tensor> tensors, String source) {
        this(config, tensors, source, CheckpointLayout.NONE);
    }

    /**
     * Weights that remember the checkpoint they came from: its name prefix ({@code bert.}), dtypes, order
     * and the tensors that are not the encoder's (pooler, task heads), which travel along untouched so
     * the model can be written back under the source's names. {@code tensors} holds encoder tensors only.
     */
    public TransformerWeights(TransformerConfig config, Map<String, Tensor> tensors, String source, CheckpointLayout layout) {
        this.config = config;
        this.layout = java.util.Objects.requireNonNull(layout, "layout");
        Map<String, int[]> expected = config.tensorShapes();
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            Tensor t = tensors.get(e.getKey());
            if (t == null) {
                throw new InputException(source + ": missing tensor " + e.getKey() + " (expected shape "
                        + Arrays.toString(e.getValue()) + " for " + config.name() + ")");
            }
            if (!t.hasShape(e.getValue())) {
                throw new InputException(source + ": tensor " + e.getKey() + " has shape " + t.shapeString()
                        + ", expected " + Arrays.toString(e.getValue()) + " for " + config.name());
            }
            ordered.put(e.getKey(), t);
        }
        for (String name : tensors.keySet()) {
            if (!expected.containsKey(name)) {
                throw new InputException(source + ": unexpected tensor " + name + " for " + config.name()
                        + " (expected Hugging Face BERT names like encoder.layer.0.attention.self.query.weight)");
            }
        }
        this.tensors = Collections.unmodifiableMap(ordered);
    }

    public TransformerWeights(TransformerConfig config, Map<String, Tensor> tensors) {
        this(config, tensors, config.name());
    }

    public TransformerConfig config() { return config; }

    /** The source checkpoint's naming and the tensors kept aside ({@link CheckpointLayout#NONE} when built in memory). */
    public CheckpointLayout layout() { return layout; }

    /** The same tensors with another layout (e.g. for writing under a prefix). */
    public TransformerWeights withLayout(CheckpointLayout other) {
        return new TransformerWeights(config, tensors, config.name(), other);
    }

    /** All tensors in the config's order (unmodifiable). */
    public Map<String, Tensor> tensors() { return tensors; }

    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) throw new InputException(config.name() + ": no tensor named '" + name + "'");
        return t;
    }

    /** A 2-D tensor (embedding table or Linear weight) as a Matrix sharing its data. */
    public Matrix matrix(String name) { return tensor(name).asMatrix(); }

    /** A 1-D tensor (bias, LayerNorm) as its backing array. */
    public float[] vector(String name) { return tensor(name).data(); }

    /** Weight of the Linear layer {@code name} (e.g. {@code encoder.layer.0.attention.self.query}), [out, in]. */
    public Matrix linearWeight(String name) { return matrix(name + ".weight"); }

    public Matrix linearWeight(LinearSpec spec) { return linearWeight(spec.name()); }

    /** Bias of the Linear layer {@code name}, [out]. */
    public float[] linearBias(String name) { return vector(name + ".bias"); }

    public float[] linearBias(LinearSpec spec) { return linearBias(spec.name()); }

    /** New weights with the Linear layer's weight replaced (e.g. by its pruned version); shape must match. */
    public TransformerWeights withLinearWeight(String name, Matrix weight) {
        return withTensor(name + ".weight", Tensor.of(weight));
    }

    /** New weights with one tensor replaced; shape must match. */
    public TransformerWeights withTensor(String name, Tensor t) {
        if (!tensors.containsKey(name)) throw new InputException(config.name() + ": no tensor named '" + name + "'");
        Map<String, Tensor> m = new LinkedHashMap<>(tensors);
        m.put(name, t);
        return new TransformerWeights(config, m, config.name(), layout);
    }

    /** A deep copy (every float array cloned). */
    public TransformerWeights copy() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        tensors.forEach((k, v) -> m.put(k, v.copy()));
        return new TransformerWeights(config, m, config.name(), layout);
    }

    public long parameterCount() {
        long n = 0;
        for (Tensor t : tensors.values()) n += t.size();
        return n;
    }

    /**
     * Random weights of the config's shapes, deterministic in {@code seed}: Linear and embedding weights
     * normal with std 0.02 (BERT's initialiser), biases 0.01-scaled noise, LayerNorm gain 1 and bias 0.
     * For shape-only presets, tests and benchmarks, never for accuracy figures.
     */
    public static TransformerWeights random(TransformerConfig config, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : config.tensorShapes().entrySet()) {
            int[] shape = e.getValue();
            int n = 1;
            for (int d : shape) n *= d;
            float[] data = new float[n];
            String name = e.getKey();
            if (name.endsWith("LayerNorm.weight")) {
                Arrays.fill(data, 1f);
            } else if (!name.endsWith("LayerNorm.bias")) {
                double scale = name.endsWith(".bias") ? 0.01 : 0.02;
                // Box-Muller, both values of each pair (SplittableRandom has no nextGaussian on Java 17).
                for (int i = 0; i < n; i += 2) {
                    double r = Math.sqrt(-2 * Math.log(1.0 - rnd.nextDouble())) * scale, a = 2 * Math.PI * rnd.nextDouble();
                    data[i] = (float) (r * Math.cos(a));
                    if (i + 1 < n) data[i + 1] = (float) (r * Math.sin(a));
                }
            }
            m.put(name, new Tensor(shape, data));
        }
        return new TransformerWeights(config, m, "random(" + config.name() + ", " + seed + ")");
    }

    @Override
    public String toString() { return "TransformerWeights[" + config.name() + ", " + parameterCount() + " parameters]"; }
}
