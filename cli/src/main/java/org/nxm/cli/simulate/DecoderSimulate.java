package org.nxm.cli.simulate;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nxm.traces.TraceException;
import org.nxm.traces.format.NxmtWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.nxm.cli.JsonOutput;
import org.nxm.cli.Nxm;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.decoder.DecoderWorkload;
import org.nxm.compiler.lower.decoder.Phase;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.DecoderConfig;
import org.nxm.model.transformer.DecoderYaml;
import org.nxm.simulator.decoder.DecoderReport;
import org.nxm.simulator.decoder.DecoderSimulation;
import org.nxm.simulator.decoder.PassResult;

/**
 * The decoder path of {@code nxm simulate} ({@code --phase prefill|decode}): one pass of a decoder
 * model simulated N:M and dense, with time to first token or time per output token, tokens/s,
 * achieved bandwidth and the bounds that say where the time goes.
 */
public final class DecoderSimulate {
    private DecoderSimulate() {}

    /** A decoder preset name or a decoder YAML file. */
    public static DecoderConfig model(String name) {
        if (DecoderConfig.isPreset(name)) return DecoderConfig.preset(name);
        Path p = Path.of(name);
        if (name.endsWith(".yaml") || name.endsWith(".yml")) org.nxm.model.io.InputFiles.refuseNonRegular(p, "decoder YAML file");
        if ((name.endsWith(".yaml") || name.endsWith(".yml")) && Files.isRegularFile(p)) return DecoderYaml.read(p);
        throw new Nxm.UserError("--model: '" + name + "' is neither a decoder preset (" + String.join(", ", DecoderConfig.presetNames())
                + ") nor a decoder YAML file");
    }

    /** The pattern of the N:M run: the one asked for, else 2:4 (the hardware must run it sparse). */
    public static NmPattern pattern(HardwareConfig hw, String pattern) {
        NmPattern p = NmPattern.parse(pattern == null ? "2:4" : pattern);
        if (p.n() == p.m()) throw new Nxm.UserError("--pattern: the decoder report compares N:M with dense; give a sparse pattern such as 2:4");
        if (!hw.supports(p)) throw new Nxm.UserError("--pattern: " + hw.name() + " does not run " + p + " sparse (supports " + hw.sparsePatterns() + ")");
        return p;
    }

    /** The workload of {@code --phase} with the flags that go with it; missing or contradictory flags are one-line errors. */
    public static DecoderWorkload workload(DecoderConfig c, String phase, int batch, Integer seq, Integer context, String sparseLinears) {
        Phase ph = Phase.parse(phase);
        Set<String> roles = sparseLinears == null ? DecoderWorkload.DEFAULT_SPARSE : DecoderWorkload.parseRoles(sparseLinears);
        if (ph == Phase.DECODE) {
            if (context == null) throw new Nxm.UserError("--phase decode: needs --context N (KV-cache length the new token attends to)");
            return new DecoderWorkload(c, ph, batch, 1, context, roles);
        }
        if (context != null) throw new Nxm.UserError("--context: only for --phase decode (prefill attends to its own --seq tokens)");
        int s = seq == null ? 128 : seq;
        return new DecoderWorkload(c, ph, batch, s, s, roles);
    }

    public static DecoderReport simulate(HardwareConfig hw, DecoderWorkload w, NmPattern p) { return simulate(hw, w, p, null); }

    /** Both passes; the N:M one traced to {@code trace} when given (the simulated chain: see {@link DecoderSimulation#run}). */
    public static DecoderReport simulate(HardwareConfig hw, DecoderWorkload w, NmPattern p, Path trace) {
        return simulate(hw, w, p, trace, null);
    }

    /** @param mapper chooses each GEMM's mapping for both passes (each format its own); null: the tiler's heuristic */
    public static DecoderReport simulate(HardwareConfig hw, DecoderWorkload w, NmPattern p, Path trace, org.nxm.compiler.mapping.Mapper mapper) {
        DecoderSimulation sim = new DecoderSimulation(hw, true, mapper);
        PassResult sparse = sim.run(w, p, trace == null ? null : h -> NxmtWriter.open(trace, h));
        return DecoderReport.of(hw, w, sparse, sim.run(w, null));
    }

    public static int run(PrintWriter out, PrintWriter err, HardwareConfig hw, DecoderWorkload w, NmPattern p, boolean json) {
        return run(out, err, hw, w, p, json, null);
    }

    /** @param trace where to write the N:M pass's trace, or null; a failed run leaves none behind */
    public static int run(PrintWriter out, PrintWriter err, HardwareConfig hw, DecoderWorkload w, NmPattern p, boolean json, Path trace) {
        return run(out, err, hw, w, p, json, trace, null);
    }

    /** @param mapper the {@code --search} mapper for both passes, or null (the tiler's heuristic) */
    public static int run(PrintWriter out, PrintWriter err, HardwareConfig hw, DecoderWorkload w, NmPattern p, boolean json, Path trace,
                          org.nxm.compiler.mapping.Mapper mapper) {
        err.println("nxm simulate: " + w.label() + " on " + hw.name() + ": " + p + " and dense...");
        err.flush();
        DecoderReport r;
        try {
            r = simulate(hw, w, p, trace, mapper);
        } catch (TraceException e) {
            deleteQuietly(trace);
            throw new Nxm.UserError(e.getMessage());
        } catch (RuntimeException | Error e) {
            deleteQuietly(trace);
            throw e;
        }
        if (trace != null) {
            err.printf(Locale.ROOT, "nxm simulate: trace %s: the %s pass's simulated chain (%d of %d blocks and the head, %,d cycles%s)%n",
                    trace, r.sparse().pattern(), r.sparse().blocksSimulated(), w.config().layers(), r.sparse().chainCycles(),
                    r.sparse().aggregated() ? "; the other blocks repeat a traced block exactly" : "");
        }
        for (String warning : r.sparse().warnings()) err.println("nxm simulate: warning: " + warning);
        if (mapper != null && mapper.search().simulates()) {
            err.println("nxm simulate: mappings (" + mapper.search() + "; both passes, each block shape searched once):" + Mappers.table(mapper.choices()));
        }
        if (json) out.println(JsonOutput.pretty(toJson(r)));
        else print(out, r);
        out.flush();
        return Nxm.EXIT_OK;
    }

    public static Map<String, Object> toJson(DecoderReport r) {
        DecoderWorkload w = r.workload();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("hardware", r.hardware());
        j.put("model", w.config().name());
        j.put("phase", w.phase().label());
        j.put("batch", w.batch());
        j.put("seq", w.seq());
        j.put("context", w.context());
        j.put("pattern", r.sparse().pattern());
        j.put("sparse_linears", new TreeSet<>(w.sparseRoles()));
        if (r.decode()) j.put("time_per_output_token_s", r.sparse().seconds());
        else j.put("time_to_first_token_s", r.sparse().seconds());
        j.put("tokens_per_s", r.tokensPerSecond(r.sparse()));
        j.put("speedup", r.speedup());
        j.put("dram_bytes_per_s", r.dramBytesPerSecond());
        j.put("peak_macs_per_s", r.peakMacsPerSecond());
        j.put("sparse", passJson(r, r.sparse()));
        j.put("dense", passJson(r, r.dense()));
        return j;
    }

    static Map<String, Object> passJson(DecoderReport r, PassResult p) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("pattern", p.pattern());
        j.put("cycles", p.cycles());
        j.put("seconds", p.seconds());
        j.put("tokens_per_s", r.tokensPerSecond(p));
        j.put("dram_bytes", p.dramBytes());
        j.put("achieved_bandwidth_bytes_per_s", p.achievedBandwidth());
        j.put("weight_bytes", p.weightBytes());
        j.put("kv_read_bytes", p.kvReadBytes());
        j.put("kv_written_bytes", p.kvWrittenBytes());
        j.put("macs", p.macs());
        j.put("dense_equivalent_macs", p.denseMacs());
        j.put("weights_s", p.weightBytes() / r.dramBytesPerSecond());
        j.put("kv_cache_s", (p.kvReadBytes() + p.kvWrittenBytes()) / r.dramBytesPerSecond());
        j.put("compute_s", r.computeBoundSeconds(p));
        j.put("bytes_bound_s", r.bytesBoundSeconds(p));
        j.put("first_block_cycles", p.firstBlockCycles());
        j.put("block_cycles", p.blockCycles());
        j.put("head_cycles", p.headCycles());
        j.put("kernel_fixed_cycles", p.kernelFixedCycles());
        j.put("stalls", p.stalls().fractionsJson());
        j.put("blocks_simulated", p.blocksSimulated());
        j.put("aggregated", p.aggregated());
        j.put("ops", p.opsSimulated());
        j.put("compile_ms", p.compileMillis());
        j.put("sim_wall_ms", p.simulateMillis());
        j.put("chain_cycles", p.chainCycles());
        return j;
    }

    private static void deleteQuietly(Path p) {
        if (p == null) return;
        try {
            Files.deleteIfExists(p);
        } catch (java.io.IOException ignored) {
            // the run's own error is the one to report
        }
    }

    static void print(PrintWriter out, DecoderReport r) {
        DecoderWorkload w = r.workload();
        PassResult s = r.sparse(), d = r.dense();
        out.printf(Locale.ROOT, "%s on %s (tensor-core, event-driven); %s Linears: %s; attention over the KV cache dense%n", w.label(),
                r.hardware(), s.pattern(), String.join(",", new TreeSet<>(w.sparseRoles())));
        out.printf(Locale.ROOT, "  %-26s %14s %14s%n", "", s.pattern(), "dense");
        String time = r.decode() ? "time per output token" : "time to first token";
        out.printf(Locale.ROOT, "  %-26s %11.3f ms %11.3f ms   speedup %.3fx%n", time, s.seconds() * 1e3, d.seconds() * 1e3, r.speedup());
        out.printf(Locale.ROOT, "  %-26s %14.1f %14.1f%n", r.decode() ? "tokens/s (new tokens)" : "tokens/s (prompt tokens)",
                r.tokensPerSecond(s), r.tokensPerSecond(d));
        out.printf(Locale.ROOT, "  %-26s %11.3f GB %11.3f GB%n", "DRAM traffic", s.dramBytes() / 1e9, d.dramBytes() / 1e9);
        out.printf(Locale.ROOT, "  %-26s %9.3f TB/s %9.3f TB/s   (of %.2f TB/s)%n", "achieved DRAM bandwidth", s.achievedBandwidth() / 1e12,
                d.achievedBandwidth() / 1e12, r.dramBytesPerSecond() / 1e12);
        out.println("  where time goes (each part alone at the hardware's peak):");
        out.printf(Locale.ROOT, "  %-26s %11.3f ms %11.3f ms   (%.2f / %.2f GB)%n", "  weights from DRAM", s.weightBytes() / r.dramBytesPerSecond() * 1e3,
                d.weightBytes() / r.dramBytesPerSecond() * 1e3, s.weightBytes() / 1e9, d.weightBytes() / 1e9);
        long kv = s.kvReadBytes() + s.kvWrittenBytes();
        out.printf(Locale.ROOT, "  %-26s %11.3f ms %11.3f ms   (%.3f GB read, %.4f GB written)%n", "  KV cache", kv / r.dramBytesPerSecond() * 1e3,
                kv / r.dramBytesPerSecond() * 1e3, s.kvReadBytes() / 1e9, s.kvWrittenBytes() / 1e9);
        out.printf(Locale.ROOT, "  %-26s %11.3f ms %11.3f ms   (%.3g / %.3g MACs)%n", "  compute (MMA peak)", r.computeBoundSeconds(s) * 1e3,
                r.computeBoundSeconds(d) * 1e3, (double) s.macs(), (double) d.macs());
        out.printf(Locale.ROOT, "  %-26s %11.2fx %12.2fx%n", "simulated / bytes bound", s.seconds() / r.bytesBoundSeconds(s),
                d.seconds() / r.bytesBoundSeconds(d));
        out.printf(Locale.ROOT, "  %-26s %11.2fx %12.2fx%n", "simulated / compute bound", s.seconds() / r.computeBoundSeconds(s),
                d.seconds() / r.computeBoundSeconds(d));
        out.printf(Locale.ROOT, "  %-26s %,14d %,14d   cycles (first block %,d / %,d; head %,d / %,d)%n", "per block", s.blockCycles(),
                d.blockCycles(), s.firstBlockCycles(), d.firstBlockCycles(), s.headCycles(), d.headCycles());
        if (s.kernelFixedCycles() > 0 || d.kernelFixedCycles() > 0) {
            out.printf(Locale.ROOT, "  %-26s %,14d %,14d   cycles (launch, prologue, epilogue, wave sync; in the times above)%n",
                    "kernel fixed costs", s.kernelFixedCycles(), d.kernelFixedCycles());
        }
        out.printf(Locale.ROOT, "  %-26s %13.1f%% %13.1f%%   (memory %.1f%% / %.1f%%, dependency %.1f%% / %.1f%%)%n", "cores computing",
                100 * s.stalls().computeFraction(), 100 * d.stalls().computeFraction(), 100 * s.stalls().memoryFraction(),
                100 * d.stalls().memoryFraction(), 100 * s.stalls().dependencyFraction(), 100 * d.stalls().dependencyFraction());
        out.printf(Locale.ROOT, "%n  %d of %d blocks simulated cycle by cycle%s; %,d + %,d ops; compile %d + %d ms, simulate %d + %d ms%n",
                s.blocksSimulated(), w.config().layers(), s.aggregated() ? " (the others repeat the steady block exactly)" : "",
                s.opsSimulated(), d.opsSimulated(), s.compileMillis(), d.compileMillis(), s.simulateMillis(), d.simulateMillis());
    }
}
