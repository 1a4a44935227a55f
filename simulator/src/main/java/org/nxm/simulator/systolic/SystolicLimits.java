package org.nxm.simulator.systolic;

import java.util.List;
import org.nxm.compiler.hardware.Dataflow;
import org.nxm.model.io.InputException;

/**
 * The explicit bounds on a SCALE-Sim run, checked before a layer runs, so that a legal but astronomically large
 * input is refused with a message instead of running for days or overflowing a count. SCALE-Sim itself would take
 * longer still on such a layer. simulator/README.md lists them.
 * <ul>
 *   <li>{@link #MAX_WORDS}: array lines x (rows + cols), a bound on every word and cycle count, keeps all sums
 *       within a long;</li>
 *   <li>maxEventSteps: folds x OFMAP lines per fold, the event engine's loop (default 2^28, seconds);</li>
 *   <li>maxReferenceSteps: array lines x (rows + cols), the cycle-stepped reference engine's work, about a
 *       microsecond a step (it runs convolutions whose windows overlap, and --engine reference; default 2^25, about
 *       half a minute);</li>
 *   <li>{@link #MAX_USER_WORDS}: memory of a USER-bandwidth run.</li>
 * </ul>
 * {@code nxm scalesim --max-steps} raises the two step limits.
 */
public record SystolicLimits(long maxEventSteps, long maxReferenceSteps) {
    public static final SystolicLimits DEFAULT = new SystolicLimits(1L << 28, 1L << 25);
    public static final long MAX_WORDS = 1L << 56;
    /**
     * USER bandwidth: IFMAP plus FILTER words. The read buffers keep each operand address's prefetch sets in memory
     * (about 90 bytes a word), as SCALE-Sim keeps its own per-address arrays; 6 M words (a BERT-large FFN layer has
     * 4.7 M) is about 540 MB.
     */
    public static final long MAX_USER_WORDS = 6_000_000;

    /** Both step limits set to one value (--max-steps). */
    public static SystolicLimits steps(long max) { return new SystolicLimits(max, max); }

    /** Refuses the first layer over a limit; source names the topology in the message. */
    public void check(SystolicConfig cfg, List<Layer> layers, Object source, boolean referenceEngine) {
        for (Layer l : layers) check(cfg, l, source, referenceEngine);
    }

    public void check(SystolicConfig cfg, Layer layer, Object source, boolean referenceEngine) {
        long m = layer.m(), n = layer.n(), k = layer.k();
        long sr, sc, t;
        switch (cfg.dataflow()) {
            case OS -> { sr = m; sc = n; t = k; }
            case WS -> { sr = k; sc = n; t = m; }
            default -> { sr = k; sc = m; t = n; }
        }
        long rows = cfg.rows(), cols = cfg.cols();
        long folds = ceilDiv(sr, rows) * ceilDiv(sc, cols);
        long foldLines = cfg.dataflow() == Dataflow.OS ? t + rows + cols - 2 : 2 * rows + cols + t - 2;
        double lines = (double) folds * foldLines;
        double words = lines * (rows + cols);
        String what = source + ": layer " + InputException.quote(layer.name()) + " (M=" + m + ", N=" + n + ", K=" + k + ") on a "
                + rows + "x" + cols + " " + cfg.dataflow().scaleSimName() + " array: ";
        if (words > MAX_WORDS)
            throw new InputException(what + String.format("%.3g", words) + " word-cycles exceed the limit of 2^56");
        if (cfg.userBandwidth()) {
            double operandWords = (double) layer.ifmapWords() + (double) k * n;
            if (operandWords > MAX_USER_WORDS)
                throw new InputException(what + String.format("%.3g", operandWords) + " IFMAP + FILTER words exceed the limit of "
                        + MAX_USER_WORDS + " for InterfaceBandwidth USER (its read buffers track every operand address)");
        }
        boolean reference = referenceEngine || !SystolicEngine.covers(layer);
        double steps = reference ? words : (double) folds * (cfg.dataflow() == Dataflow.OS ? rows + cols : foldLines);
        long limit = reference ? maxReferenceSteps : maxEventSteps;
        if (steps > limit)
            throw new InputException(what + String.format("%.3g", steps) + " simulation steps exceed the "
                    + (reference ? "cycle-stepped (reference) engine's" : "event engine's") + " limit of " + limit
                    + " (" + folds + " folds of " + foldLines + " cycles; --max-steps raises it)");
    }

    private static long ceilDiv(long a, long b) { return (a + b - 1) / b; }
}
