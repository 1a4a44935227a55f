package org.nxm.simulator.functional;

import org.nxm.model.numeric.DType;
import org.nxm.compiler.program.ModelShape;
import org.nxm.compiler.program.Program;
import org.nxm.model.io.InputException;
import org.nxm.model.tensor.Matrix;
import org.nxm.model.transformer.Encoder;
import org.nxm.model.transformer.LinearSpec;
import org.nxm.model.transformer.TokenBatch;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.model.transformer.TransformerWeights;

/**
 * {@code --functional}: runs a compiled program with weights through the {@link FunctionalSimulator}
 * (its tile ops on its encoded weight bytes) on real token rows, runs the model module's reference
 * {@link Encoder} on the weights the program was compiled from (rounded to the program's element type,
 * as its tiles store them), and reports the largest difference of the final hidden states. The reference
 * never reads the program, so a wrong tile, metadata code, tiling or op order shows as a difference.
 */
public final class FunctionalCheck {
    /** The acceptance bound: max |sim − ref| / max |ref|. */
    public static final double TOLERANCE = 1e-5;

    /**
     * @param layout the program's weight layout and element type ("cutlass fp16")
     * @param ops tile ops executed
     */
    public record Result(String layout, int sentences, int tokenRows, long ops, double maxRelativeError,
                         long simulatedMs, long referenceMs) {
        public boolean passed() { return maxRelativeError <= TOLERANCE; }
    }

    private FunctionalCheck() {}

    /**
     * @param program a compiled program carrying weights
     * @param sparseWeights the weights it was compiled from (N:M Linear weights, biases, LayerNorm, embeddings)
     * @param batch token rows of the program's shape (batch × seq, no padding: the program has no mask)
     * @param sentences how many texts the batch holds (reported)
     */
    public static Result run(Program program, TransformerWeights sparseWeights, TokenBatch batch, int sentences) {
        return run(new FunctionalSimulator(program), sparseWeights, batch, sentences);
    }

    public static Result run(FunctionalSimulator sim, TransformerWeights sparseWeights, TokenBatch batch, int sentences) {
        Program program = sim.program();
        requireMatches(program, sparseWeights.config(), batch);
        TransformerWeights stored = asStored(sparseWeights, program.dtype());
        Encoder reference = new Encoder(stored);
        Matrix embedded = reference.embed(batch);
        long t0 = System.nanoTime();
        float[] out = sim.run(embedded.data());
        long t1 = System.nanoTime();
        Matrix ref = reference.forward(batch);
        long t2 = System.nanoTime();
        return new Result(program.layout() + " " + program.dtype().shortName(), sentences, batch.rows(), program.ops().size(),
                maxRelativeError(out, ref.data()), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }

    /** Refuses a batch or weights that do not fit the program's shape. */
    static void requireMatches(Program p, TransformerConfig c, TokenBatch batch) {
        ModelShape s = p.model();
        if (s.layers() != c.layers() || s.hidden() != c.hidden() || s.heads() != c.heads() || s.ffn() != c.intermediate()
                || s.causal() != c.causal()) {
            throw new InputException("program " + s.name() + " (" + s.layers() + " layers, hidden " + s.hidden() + ", heads " + s.heads()
                    + ", ffn " + s.ffn() + ") does not have the shape of the weights' model " + c.name());
        }
        if (batch.batchSize() != s.batch() || batch.seqLen() != s.seq()) {
            throw new InputException("program " + s.name() + " was compiled for batch " + s.batch() + " x seq " + s.seq()
                    + ", the functional input is " + batch.batchSize() + " x " + batch.seqLen());
        }
        for (int m : batch.attentionMask()) {
            if (m == 0) throw new InputException("functional input has padding, which a compiled program does not mask: pack the texts to fill every sequence");
        }
    }

    /** The weights with every Linear weight rounded to the element type, as the program's tiles store them. */
    public static TransformerWeights asStored(TransformerWeights w, DType t) {
        if (t == DType.F32) return w;
        TransformerWeights out = w;
        for (LinearSpec s : w.config().linears()) {
            float[] d = w.linearWeight(s).data().clone();
            for (int i = 0; i < d.length; i++) d[i] = t.round(d[i]);
            out = out.withLinearWeight(s.name(), new Matrix(s.out(), s.in(), d));
        }
        return out;
    }

    /** max |a − b| / max |b| over all elements: the error measure of the functional check. */
    public static double maxRelativeError(float[] a, float[] ref) {
        if (a.length != ref.length) throw new IllegalArgumentException("outputs of " + a.length + " and " + ref.length + " values");
        double maxDiff = 0, maxRef = 0;
        for (int i = 0; i < ref.length; i++) {
            double d = Math.abs((double) a[i] - ref[i]);
            if (Double.isNaN(d)) d = Double.POSITIVE_INFINITY;
            maxDiff = Math.max(maxDiff, d);
            maxRef = Math.max(maxRef, Math.abs(ref[i]));
        }
        return maxRef == 0 ? maxDiff : maxDiff / maxRef;
    }
}
