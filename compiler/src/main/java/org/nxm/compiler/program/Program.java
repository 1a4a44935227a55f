package org.nxm.compiler.program;

import java.util.List;
import java.util.Map;
import org.nxm.model.numeric.DType;

/**
 * A compiled model: a validated tile graph for one hardware target and one input shape. Written as JSON
 * by {@link ProgramJson} (weights in a side safetensors file); read back, it is validated again.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param hardwareName the target's name
 * @param hardwareDigest {@code HardwareConfig.digest()} of the target (simulators refuse another)
 * @param hardwareYaml the target's canonical YAML (so a program is self-describing)
 * @param model model and input shape
 * @param pattern N:M pattern of the Linear weights ("2:4"), or "dense"
 * @param dtype operand element type
 * @param layout weight encoding: "cutlass-2:4", "nm" or "dense"
 * @param tensors every tensor, by id
 * @param gemms every GEMM, by id
 * @param slots per-core buffer slots, by id
 * @param graph the ops (in schedule order; per core, issue order) and their dependencies
 * @param layers per-layer summary
 * @param estimatedCycles the cost model's estimate for the whole program
 * @param weights encoded weights by tensor id (empty for a shapes-only program)
 * @param parameters float32 values of PARAMETER tensors (biases, LayerNorm gamma/beta) by tensor id, when
 *        the program carries weights (empty otherwise)
 */
public record Program(int formatVersion, String hardwareName, String hardwareDigest, String hardwareYaml,
                      ModelShape model, String pattern, DType dtype, String layout,
                      List<TensorInfo> tensors, List<GemmInfo> gemms, List<BufferSlot> slots,
                      TileGraph graph, List<LayerSummary> layers, long estimatedCycles,
                      Map<Integer, EncodedWeight> weights, Map<Integer, float[]> parameters) {
    public static final int FORMAT_VERSION = 1;

    public Program {
        tensors = List.copyOf(tensors);
        gemms = List.copyOf(gemms);
        slots = List.copyOf(slots);
        layers = List.copyOf(layers);
        weights = Map.copyOf(weights);
        parameters = Map.copyOf(parameters);
    }

    public List<TileOp> ops() { return graph.ops(); }

    /** The Linear weights' N:M pattern, or null when the program is dense. */
    public org.nxm.model.sparsity.NmPattern weightPattern() {
        return org.nxm.model.sparsity.NmPattern.parseOrDense(pattern);
    }

    public List<Edge> edges() { return graph.edges(); }

    public boolean hasWeights() { return !weights.isEmpty(); }

    public TensorInfo tensor(int id) { return tensors.get(id); }

    public GemmInfo gemm(int id) { return gemms.get(id); }

    public BufferSlot slot(int id) { return slots.get(id); }
}
