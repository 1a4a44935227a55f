package org.nxm.cli.run;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.nxm.cli.JsonOutput;
import org.nxm.cli.Nxm;
import org.nxm.cli.simulate.DecoderSimulate;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.decoder.DecoderWorkload;
import org.nxm.model.io.InputException;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.DecoderConfig;
import org.nxm.simulator.decoder.DecoderReport;

/**
 * {@code nxm run --model llama-3-8b --prompt P --generate G --batch B}: a serving-style summary of one
 * request batch — prefill of the prompts (time to first token), then G decode steps whose context
 * grows from P + 1 to P + G — N:M against dense, end to end.
 *
 * <p>Prompts are prefilled in passes of at most {@link #PREFILL_TOKENS} tokens (whole sequences; a
 * longer prompt is a pass of its own), as vLLM's scheduler batches prefills up to its
 * max_num_batched_tokens: identical passes are simulated once and counted as many times as they run
 * (the L2 left by the previous pass is not carried over: each pass streams all weights anyway).
 * Every sequence's first token comes after the last pass, so the time to first token is the whole
 * prefill.
 *
 * <p>A decode step's time is close to linear in the context (its weight traffic is fixed, its KV-cache
 * traffic grows by one row per step), so the G steps are not all simulated: steps at contexts P + 1,
 * P + G/2 and P + G are, and the others are interpolated linearly between them.
 */
public final class DecoderServing {
    private DecoderServing() {}

    /** Most prompt tokens prefilled in one pass (vLLM's default max_num_batched_tokens with chunked prefill). */
    public static final int PREFILL_TOKENS = 2048;

    /** The served request batch and its simulated figures. */
    public record Summary(DecoderWorkload prefill, int generate, String hardware, List<DecoderReport> prefillPasses,
                          List<Integer> passCounts, List<DecoderReport> decodeSamples, double sparseDecodeSeconds,
                          double denseDecodeSeconds) {
        /** Prefill of every prompt: each simulated pass times the number of times it runs. */
        public double prefillSeconds(boolean sparse) {
            double t = 0;
            for (int i = 0; i < prefillPasses.size(); i++) t += passCounts.get(i) * seconds(prefillPasses.get(i), sparse);
            return t;
        }

        public double sparseSeconds() { return prefillSeconds(true) + sparseDecodeSeconds; }

        public double denseSeconds() { return prefillSeconds(false) + denseDecodeSeconds; }

        public double speedup() { return denseSeconds() / sparseSeconds(); }

        /** Generated tokens per second over the whole request batch. */
        public double tokensPerSecond(boolean sparse) {
            return (double) prefill.batch() * generate / (sparse ? sparseSeconds() : denseSeconds());
        }
    }

    public static Summary simulate(HardwareConfig hw, DecoderConfig c, int prompt, int generate, int batch, NmPattern p,
                                   java.util.Set<String> sparseRoles, Consumer<String> progress) {
        if (prompt < 1) throw new InputException("--prompt: must be >= 1 (got " + prompt + ")");
        if (generate < 1) throw new InputException("--generate: must be >= 1 (got " + generate + ")");
        if ((long) prompt + generate > c.maxContext()) {
            throw new InputException("--prompt " + prompt + " + --generate " + generate + " = " + ((long) prompt + generate)
                    + " tokens exceed " + c.name() + "'s maximum context of " + c.maxContext());
        }
        DecoderWorkload pre = DecoderWorkload.prefill(c, batch, prompt).withSparseRoles(sparseRoles);
        int perPass = Math.max(1, Math.min(batch, PREFILL_TOKENS / prompt));
        List<DecoderReport> passes = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (int[] pass : new int[][] {{perPass, batch / perPass}, {batch % perPass, 1}}) {
            if (pass[0] == 0 || pass[1] == 0) continue;
            DecoderWorkload w = DecoderWorkload.prefill(c, pass[0], prompt).withSparseRoles(sparseRoles);
            progress.accept("prefill pass (x" + pass[1] + "): " + w.label() + " on " + hw.name() + " (" + p + " and dense)...");
            passes.add(DecoderSimulate.simulate(hw, w, p));
            counts.add(pass[1]);
        }
        List<Integer> contexts = new ArrayList<>();
        for (int ctx : new int[] {prompt + 1, prompt + (generate + 1) / 2, prompt + generate}) {
            if (!contexts.contains(ctx)) contexts.add(ctx);
        }
        List<DecoderReport> samples = new ArrayList<>();
        for (int ctx : contexts) {
            DecoderWorkload w = DecoderWorkload.decode(c, batch, ctx).withSparseRoles(sparseRoles);
            progress.accept("decode step: " + w.label() + "...");
            samples.add(DecoderSimulate.simulate(hw, w, p));
        }
        double sparse = 0, dense = 0;
        for (int g = 1; g <= generate; g++) {
            sparse += interpolate(contexts, samples, prompt + g, true);
            dense += interpolate(contexts, samples, prompt + g, false);
        }
        return new Summary(pre, generate, hw.name(), passes, counts, samples, sparse, dense);
    }

    /** Step time at context x, linear between the simulated contexts (constant outside them). */
    static double interpolate(List<Integer> xs, List<DecoderReport> ys, int x, boolean sparse) {
        int n = xs.size();
        if (n == 1 || x <= xs.get(0)) return seconds(ys.get(0), sparse);
        for (int i = 1; i < n; i++) {
            if (x <= xs.get(i)) {
                double f = (double) (x - xs.get(i - 1)) / (xs.get(i) - xs.get(i - 1));
                return seconds(ys.get(i - 1), sparse) * (1 - f) + seconds(ys.get(i), sparse) * f;
            }
        }
        return seconds(ys.get(n - 1), sparse);
    }

    static double seconds(DecoderReport r, boolean sparse) { return (sparse ? r.sparse() : r.dense()).seconds(); }

    public static int run(PrintWriter out, PrintWriter err, HardwareConfig hw, DecoderConfig c, int prompt, int generate, int batch,
                          NmPattern p, java.util.Set<String> roles, boolean json) {
        Summary s = simulate(hw, c, prompt, generate, batch, p, roles, line -> {
            err.println("nxm run: " + line);
            err.flush();
        });
        if (json) out.println(JsonOutput.pretty(toJson(s)));
        else print(out, s);
        out.flush();
        return Nxm.EXIT_OK;
    }

    public static Map<String, Object> toJson(Summary s) {
        Map<String, Object> j = new LinkedHashMap<>();
        DecoderReport pre = s.prefillPasses().get(0);
        j.put("hardware", s.hardware());
        j.put("model", s.prefill().config().name());
        j.put("prompt", s.prefill().seq());
        j.put("generate", s.generate());
        j.put("batch", s.prefill().batch());
        j.put("pattern", pre.sparse().pattern());
        j.put("sparse_linears", new TreeSet<>(s.prefill().sparseRoles()));
        j.put("end_to_end_s", s.sparseSeconds());
        j.put("dense_end_to_end_s", s.denseSeconds());
        j.put("speedup", s.speedup());
        j.put("time_to_first_token_s", s.prefillSeconds(true));
        j.put("dense_time_to_first_token_s", s.prefillSeconds(false));
        j.put("decode_s", s.sparseDecodeSeconds());
        j.put("dense_decode_s", s.denseDecodeSeconds());
        j.put("mean_time_per_output_token_s", s.sparseDecodeSeconds() / s.generate());
        j.put("dense_mean_time_per_output_token_s", s.denseDecodeSeconds() / s.generate());
        j.put("output_tokens_per_s", s.tokensPerSecond(true));
        j.put("dense_output_tokens_per_s", s.tokensPerSecond(false));
        List<Object> passes = new ArrayList<>();
        for (int i = 0; i < s.prefillPasses().size(); i++) {
            Map<String, Object> pj = DecoderSimulate.toJson(s.prefillPasses().get(i));
            pj.put("count", s.passCounts().get(i));
            passes.add(pj);
        }
        j.put("prefill_passes", passes);
        List<Object> steps = new ArrayList<>();
        for (DecoderReport r : s.decodeSamples()) steps.add(DecoderSimulate.toJson(r));
        j.put("decode_samples", steps);
        return j;
    }

    static void print(PrintWriter out, Summary s) {
        DecoderReport pre = s.prefillPasses().get(0);
        String pat = pre.sparse().pattern();
        out.printf(Locale.ROOT, "%s on %s: %d sequences, %d prompt + %d generated tokens each; %s Linears vs dense%n",
                s.prefill().config().name(), s.hardware(), s.prefill().batch(), s.prefill().seq(), s.generate(), pat);
        out.printf(Locale.ROOT, "  %-30s %12s %12s %9s%n", "", pat, "dense", "speedup");
        out.printf(Locale.ROOT, "  %-30s %9.2f ms %9.2f ms %8.3fx%n", "time to first token (prefill)", s.prefillSeconds(true) * 1e3,
                s.prefillSeconds(false) * 1e3, s.prefillSeconds(false) / s.prefillSeconds(true));
        out.printf(Locale.ROOT, "  %-30s %9.3f ms %9.3f ms %8.3fx%n", "mean time per output token", s.sparseDecodeSeconds() / s.generate() * 1e3,
                s.denseDecodeSeconds() / s.generate() * 1e3, s.denseDecodeSeconds() / s.sparseDecodeSeconds());
        out.printf(Locale.ROOT, "  %-30s %10.3f s %10.3f s %8.3fx%n", "end to end", s.sparseSeconds(), s.denseSeconds(), s.speedup());
        out.printf(Locale.ROOT, "  %-30s %12.0f %12.0f%n", "output tokens/s (whole batch)", s.tokensPerSecond(true), s.tokensPerSecond(false));
        out.println();
        for (int i = 0; i < s.prefillPasses().size(); i++) {
            DecoderReport r = s.prefillPasses().get(i);
            out.printf(Locale.ROOT, "  prefill pass x%d: %d sequences of %d tokens: %8.3f ms %8.3f ms %8.3fx%n", s.passCounts().get(i),
                    r.workload().batch(), r.workload().seq(), r.sparse().seconds() * 1e3, r.dense().seconds() * 1e3, r.speedup());
        }
        out.println("  decode steps simulated (the others interpolated linearly in the context):");
        for (DecoderReport r : s.decodeSamples()) {
            out.printf(Locale.ROOT, "    context %6d: %8.3f ms %8.3f ms %8.3fx   (KV cache %.2f GB read per step)%n", r.workload().context(),
                    r.sparse().seconds() * 1e3, r.dense().seconds() * 1e3, r.speedup(), r.sparse().kvReadBytes() / 1e9);
        }
    }
}
