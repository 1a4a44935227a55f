package org.nxm.admm.fallback;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nxm.admm.linalg.Gram;
import org.nxm.admm.pruning.AdmmPruner;
import org.nxm.admm.pruning.InputGram;
import org.nxm.admm.pruning.LayerProblem;
import org.nxm.admm.pruning.MagnitudePruner;
import org.nxm.admm.pruning.PruneResult;
import org.nxm.admm.pruning.Pruner;
import org.nxm.admm.pruning.SparseGptPruner;
import org.nxm.admm.pruning.WandaPruner;
import org.nxm.model.numeric.Erf;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.MatMul;
import org.nxm.model.tensor.Matrix;
import org.nxm.model.transformer.Gelu;

/**
 * The kernels that have a Vector API path (matmul, GELU, the pruners' Vec/Cholesky/N:M projection), run on
 * fixed inputs; {@link #main} prints the figures so that a JVM started without
 * {@code --add-modules jdk.incubator.vector} can be compared with the one the tests run in.
 */
public final class KernelProbe {
    private KernelProbe() {}

    /** Figure name → value, in a fixed order; also checks each result's own invariants (throws if broken). */
    static Map<String, Double> measure() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("vector_api", MatMul.VECTOR_API ? 1.0 : 0.0);
        Random rnd = new Random(5);
        Matrix a = random(rnd, 37, 70), b = random(rnd, 70, 29);
        Matrix c = MatMul.multiply(a, b), ref = MatMul.reference(a, b);
        out.put("matmul_max_abs_diff_to_reference", maxAbsDiff(c.data(), ref.data()));
        out.put("matmul_sum", sum(c.data()));

        float[] x = new float[1003];
        for (int i = 0; i < x.length; i++) x[i] = -12f + 24f * i / (x.length - 1);
        float[] g = x.clone();
        Gelu.applyInPlace(g, 0, g.length);
        double worst = 0;
        for (int i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(g[i] - x[i] * Erf.normalCdf(x[i])) / Math.max(1, Math.abs(x[i])));
        out.put("gelu_max_error", worst);
        out.put("gelu_sum", sum(g));

        int tokens = 300, n = 64, rows = 24;
        float[] in = new float[tokens * n];
        for (int i = 0; i < in.length; i++) in[i] = (float) (rnd.nextGaussian() * (1 + (i % n) % 5));
        Gram gram = new Gram(n);
        gram.add(in, tokens);
        InputGram ig = new InputGram(n, gram.matrix(), tokens);
        Matrix w0 = random(rnd, rows, n);
        NmPattern p = new NmPattern(2, 4);
        for (Pruner pr : List.of(new MagnitudePruner(), new WandaPruner(), new SparseGptPruner(), new AdmmPruner())) {
            PruneResult r = pr.prune(new LayerProblem("probe", w0, ig, p));
            if (p.violations(r.weight().data(), rows, n) != 0) throw new AssertionError(pr.name() + ": not 2:4");
            out.put(pr.name() + "_error_after", r.report().errorAfter());
        }
        return out;
    }

    private static Matrix random(Random rnd, int r, int c) {
        float[] d = new float[r * c];
        for (int i = 0; i < d.length; i++) d[i] = (float) rnd.nextGaussian();
        return new Matrix(r, c, d);
    }

    private static double maxAbsDiff(float[] x, float[] y) {
        double m = 0;
        for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
        return m;
    }

    private static double sum(float[] x) {
        double s = 0;
        for (float v : x) s += v;
        return s;
    }

    public static void main(String[] args) {
        measure().forEach((k, v) -> System.out.println(k + " " + v));
    }
}
