package org.nxm.simulator.functional;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nxm.compiler.interp.ReferenceInterpreter;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.TensorKind;
import org.nxm.compiler.program.TileOp;
import org.nxm.model.io.InputException;
import org.nxm.model.tensor.Matrix;
import org.nxm.model.transformer.Encoder;
import org.nxm.model.transformer.LinearSpec;
import org.nxm.model.transformer.TokenBatch;
import org.nxm.model.transformer.TransformerWeights;

/**
 * {@code --check-ops N}: the first N ops of a program, in program order (a topological order: every edge
 * points forward), run one at a time by the {@link FunctionalSimulator} (weight tiles decoded from the
 * program's bytes, float32 accumulation) and by the compiler's {@link ReferenceInterpreter} with weight
 * tiles cut from the dense weights the program was compiled from (never the bytes; double accumulation).
 * Each op's result is compared as it is produced (a load's tile, an MMA's accumulator, a store's tile, a
 * vector op's rows) and the first op whose result differs by more than {@link #TOLERANCE} (max |sim − ref|
 * / max |ref| over that result) is named: a wrong weight tile shows at its load, before any MMA uses it.
 *
 * <p>The reference runs on its own results, not the simulator's, so differences of rounding add up along
 * the program (see {@link #TOLERANCE}).
 */
public final class OpCheck {
    /**
     * Per-op tolerance. Looser than the functional check's 1e-5 on the final hidden state because an
     * op's result is compared on its own scale and the reference runs on its own results: rounding
     * differences (float32 against double accumulation) compound along the program, to 5.1e-6 within
     * the first 4,000 ops of MiniLM-L6 on a100. A wrong tile or metadata code is off by the size of a
     * weight (10⁻¹ of the tile's largest and more).
     */
    public static final double TOLERANCE = 1e-4;

    /** The first op that differs: its id, how the op is named in messages, its relative error. */
    public record Divergence(int op, String where, double relativeError) {}

    /** @param checked ops compared; @param largestError the largest per-op error seen; @param first null when all agree */
    public record Result(int checked, double largestError, Divergence first) {
        public boolean passed() { return first == null; }
    }

    private OpCheck() {}

    /** The same on token rows: the INPUT is their embedding by the reference on the stored weights, as {@link FunctionalCheck} feeds it. */
    public static Result run(FunctionalSimulator sim, TransformerWeights sparseWeights, TokenBatch batch, int count) {
        FunctionalCheck.requireMatches(sim.program(), sparseWeights.config(), batch);
        float[] in = new Encoder(FunctionalCheck.asStored(sparseWeights, sim.program().dtype())).embed(batch).data();
        return run(sim, sparseWeights, in, count);
    }

    /**
     * @param sparseWeights the weights the program was compiled from (its Linear weights N:M)
     * @param input the INPUT tensor's values (the embedded token rows)
     * @param count ops to compare (at most the program's)
     */
    public static Result run(FunctionalSimulator sim, TransformerWeights sparseWeights, float[] input, int count) {
        Program p = sim.program();
        if (count < 1) throw new InputException("--check-ops: expected a positive number of ops, got " + count);
        int n = Math.min(count, p.ops().size());
        TransformerWeights stored = FunctionalCheck.asStored(sparseWeights, p.dtype());
        Map<String, Matrix> dense = new HashMap<>();
        for (LinearSpec s : stored.config().linears()) dense.put(s.weightName(), stored.linearWeight(s));
        int in = p.tensors().stream().filter(t -> t.kind() == TensorKind.INPUT).findFirst().orElseThrow().id();
        ReferenceInterpreter.Stepper ref = ReferenceInterpreter.stepper(p, Map.of(in, input), dense::get);
        FunctionalSimulator.Stepper mine = sim.stepper(input);
        double largest = 0;
        for (int id = 0; id < n; id++) {
            float[] got = mine.step(id);
            float[] want = ref.step(id);
            if (got == null && want == null) continue;
            double err = got == null || want == null || got.length != want.length ? Double.POSITIVE_INFINITY
                    : FunctionalCheck.maxRelativeError(got, want);
            largest = Math.max(largest, err);
            if (!(err <= TOLERANCE)) return new Result(id + 1, largest, new Divergence(id, describe(p, p.ops().get(id)), err));
        }
        return new Result(n, largest, null);
    }

    /** "op 12 (load_metadata, layer 0, core 3, tensor encoder.layer.0.attention.self.query.weight, tile rows 0+64, cols 0+64)". */
    static String describe(Program p, TileOp op) {
        List<String> parts = new ArrayList<>(List.of(op.kind(), "layer " + op.layer(), "core " + op.core()));
        if (op instanceof TileOp.LoadWeightValues l) parts.add(tile(p, l.tensor(), l.region()));
        if (op instanceof TileOp.LoadMetadata l) parts.add(tile(p, l.tensor(), l.region()));
        if (op instanceof TileOp.Mma m) parts.add("gemm " + p.gemm(m.gemm()).name() + ", tile " + m.tile());
        return "op " + op.id() + " (" + String.join(", ", parts) + ")";
    }

    private static String tile(Program p, int tensor, org.nxm.compiler.program.Region r) {
        return "tensor " + p.tensor(tensor).name() + ", tile rows " + r.row0() + "+" + r.rows() + ", cols " + r.col0() + "+" + r.cols();
    }
}
