package org.nxm.compiler.lower;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.nxm.compiler.program.TensorKind;
import org.nxm.model.io.InputException;
import org.nxm.model.io.safetensors.SafeTensor;
import org.nxm.model.io.safetensors.SafetensorsFile;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;
import org.nxm.model.transformer.TransformerWeights;

/**
 * Real weights bound to a lowered model: every WEIGHT and PARAMETER tensor the program needs, by its
 * Hugging Face name, checked for shape and (for Linear weights) for the N:M pattern.
 *
 * @param weights Linear weights {@code [out, in]}, obeying the pattern
 * @param parameters biases and LayerNorm vectors
 * @param projected Linear weights that had to be projected onto the pattern (with {@code project})
 */
public record WeightBinding(Map<String, Matrix> weights, Map<String, float[]> parameters, int projected) {

    /** Reads the tensors from a safetensors file (Hugging Face BERT names); every tensor must be there. */
    public static WeightBinding fromSafetensors(Path file, LoweredModel model, NmPattern pattern, boolean project) {
        return fromSafetensors(file, model, pattern, project, null);
    }

    /**
     * Reads the tensors from a safetensors file (Hugging Face BERT names). Linear weights must be there;
     * a bias or LayerNorm vector the file lacks (nxm prune writes only the Linear weights) comes from
     * {@code parameterFallback} (e.g. the pretrained model the weights were pruned from) when given, and is
     * otherwise left out of the program (which then cannot run functionally).
     */
    public static WeightBinding fromSafetensors(Path file, LoweredModel model, NmPattern pattern, boolean project,
                                                TransformerWeights parameterFallback) {
        SafetensorsFile st = SafetensorsFile.open(file);
        return bind(model, pattern, project, file.toString(), name -> {
            boolean parameter = model.tensors().stream().anyMatch(t -> t.name().equals(name) && t.kind() == TensorKind.PARAMETER);
            if (!st.contains(name) && parameter) {
                if (parameterFallback == null || !parameterFallback.tensors().containsKey(name)) return null;
                var t = parameterFallback.tensor(name);
                return new Shaped(t.shape(), t.data());
            }
            if (!st.contains(name)) {
                throw new InputException(file + ": missing tensor " + name + " (expected Hugging Face BERT names for "
                        + model.shape().name() + ")");
            }
            SafeTensor t = st.get(name);
            return new Shaped(t.shape(), t.toFloatArray());
        });
    }

    /** Binds an in-memory model's weights. */
    public static WeightBinding fromWeights(TransformerWeights w, LoweredModel model, NmPattern pattern, boolean project) {
        return bind(model, pattern, project, w.config().name(), name -> {
            var t = w.tensor(name);
            return new Shaped(t.shape(), t.data());
        });
    }

    private record Shaped(int[] shape, float[] data) {}

    private static WeightBinding bind(LoweredModel model, NmPattern pattern, boolean project, String source,
                                      java.util.function.Function<String, Shaped> get) {
        Map<String, Matrix> weights = new HashMap<>();
        Map<String, float[]> params = new HashMap<>();
        int projected = 0;
        NmPattern p = pattern == null || pattern.isDense() ? null : pattern;
        // Shapes first (a wrong file should say so, not that its first tensor is not sparse), then the pattern.
        Map<String, Shaped> found = new java.util.LinkedHashMap<>();
        for (LoweredModel.Tensor t : model.tensors()) {
            if (t.kind() != TensorKind.WEIGHT && t.kind() != TensorKind.PARAMETER) continue;
            Shaped s = get.apply(t.name());
            if (s == null) continue; // an optional parameter nobody supplied
            int[] expect = t.kind() == TensorKind.WEIGHT ? new int[] {t.rows(), t.cols()} : new int[] {t.cols()};
            if (!Arrays.equals(expect, s.shape())) {
                throw new InputException(source + ": tensor " + t.name() + " has shape " + Arrays.toString(s.shape())
                        + ", expected " + Arrays.toString(expect) + " for " + model.shape().name());
            }
            found.put(t.name(), s);
        }
        for (LoweredModel.Tensor t : model.tensors()) {
            Shaped s = found.get(t.name());
            if (s == null) continue;
            if (t.kind() == TensorKind.PARAMETER) {
                params.put(t.name(), s.data());
                continue;
            }
            float[] data = s.data().clone();
            if (p != null) {
                String bad = violation(data, t.rows(), t.cols(), p);
                if (bad != null) {
                    if (!project) {
                        throw new InputException(source + ": tensor " + t.name() + " is not " + p + " sparse (" + bad
                                + "); prune it first (nxm prune) or pass --project to keep the largest magnitudes");
                    }
                    for (int r = 0; r < t.rows(); r++) p.projectInPlace(data, r * t.cols(), t.cols());
                    projected++;
                }
            }
            weights.put(t.name(), new Matrix(t.rows(), t.cols(), data));
        }
        return new WeightBinding(weights, params, projected);
    }

    /** The first group with more than n non-zeros ({@link NmPattern#firstViolation}), described, or null. */
    static String violation(float[] w, int rows, int cols, NmPattern p) {
        long g = p.firstViolation(w, rows, cols);
        if (g < 0) return null;
        long groupsPerRow = cols / p.m();
        return "row " + g / groupsPerRow + ", group at column " + g % groupsPerRow * p.m() + " has "
                + p.nonZeros(w, (int) (g * p.m())) + " non-zeros";
    }
}
