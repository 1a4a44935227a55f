package org.nxm.cli.simulate;

import org.nxm.cli.JsonOutput;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nxm.cli.Nxm;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.lower.LoweredModel;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tokenizer.WordPieceTokenizer;
import org.nxm.admm.io.PrunedWeightsFile;
import org.nxm.cli.model.ModelFileOptions;
import org.nxm.compiler.program.ModelShape;
import org.nxm.model.transformer.EncoderModel;
import org.nxm.model.transformer.MiniLm;
import org.nxm.model.transformer.PretrainedEncoders;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.model.transformer.TransformerWeights;
import org.nxm.simulator.functional.FunctionalCheck;
import org.nxm.simulator.functional.FunctionalRun;
import org.nxm.simulator.functional.FunctionalSimulator;
import org.nxm.simulator.functional.OpCheck;
import org.nxm.compiler.target.Target;
import org.nxm.simulator.MachineModel;
import org.nxm.simulator.report.LayerStats;
import org.nxm.simulator.report.LevelStats;
import org.nxm.simulator.energy.EnergyModel;
import org.nxm.simulator.energy.EnergyReport;
import org.nxm.simulator.report.SimReport;
import org.nxm.traces.TraceException;
import org.nxm.traces.format.NxmtWriter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nxm simulate}: time a compiled program on its target (tensor-core or systolic) and report. */
@Command(name = "simulate", header = "Cycle-level simulation on a hardware target, with the dense twin and speedup.", mixinStandardHelpOptions = true,
        description = {"Simulate a model, a single GEMM or a compiled program on a hardware target, cycle-level:",
                "on a tensor-core target event-driven, on a systolic target GEMM by GEMM with the SCALE-Sim-exact",
                "engine of nxm scalesim. Reports total and per-layer cycles, utilisation, bytes and bandwidth per memory level, stall",
                "breakdown, the compiler's cost-model estimate beside the measurement, and for a sparse run the",
                "dense run of the same shape on the same hardware with the speedup. --functional also computes",
                "real outputs of all-MiniLM-L6-v2 from the compressed weights and checks them against the",
                "reference forward: the compiled program (with the weights) is executed tile op by tile op on its",
                "encoded weight bytes, the same program that is timed."},
        footer = {"", "Example:",
                "  nxm simulate --hw a100 --model bert-base --pattern 2:4 --batch 16 --seq 128",
                "  nxm simulate --hw a100 --gemm 3072,3072,10240 --pattern 2:4 --json",
                "  nxm simulate --hw a100 --model minilm-l6 --pattern 2:4 --functional --weights W.safetensors",
                "  nxm simulate --hw a100 --model minilm-l6 --pattern 2:4 --functional --check-ops 3000   # names the first op that differs",
                "  nxm simulate --hw a100 --program bert24.json --trace bert24.nxmt",
                "  nxm simulate --program p.json --json   # p.json from nxm compile --hw systolic-32x32-os ...",
                "  nxm simulate --hw h100 --model llama-3-8b --phase prefill --seq 2048",
                "  nxm simulate --hw h100 --model llama-3-8b --phase decode --batch 16 --context 4096 --json"})
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(paramLabel = "HW", names = "--hw", description = "hardware preset (a100, h100, edge-4, edge-16, systolic-32x32-os, ...) or YAML file; "
            + "with --program it defaults to the hardware the program was compiled for")
    String hw;

    static final class Source {
        @Option(paramLabel = "PROGRAM.json", names = "--program", description = "compiled program (nxm compile --out)")
        Path program;

        @Option(paramLabel = "MODEL", names = "--model", description = "model preset to compile and simulate: minilm-l6, bert-base, bert-large, gpt2")
        String model;

        @Option(paramLabel = "M,N,K", names = "--gemm", description = "a single GEMM M,N,K: C[M×N] = W[M×K]·Xᵀ with W the (N:M) weight")
        String gemm;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(paramLabel = "N:M", names = "--pattern", description = "N:M pattern of the weights for --model/--gemm (default dense)")
    String pattern;

    @Option(paramLabel = "N", names = "--batch", defaultValue = "1", description = "sequences (--model; default ${DEFAULT-VALUE})")
    int batch;

    @Option(paramLabel = "N", names = "--seq", defaultValue = "128", description = "tokens per sequence (--model; default ${DEFAULT-VALUE})")
    int seq;

    @Option(paramLabel = "PROGRAM.json", names = "--dense-program", description = "the dense twin of --program (default: compiled here from its shape)")
    Path denseProgram;

    @Option(paramLabel = "FILE.nxmt", names = "--trace", description = "write every resource occupancy and stall of the (sparse) run to this .nxmt trace")
    Path trace;

    @Option(paramLabel = "ENGINE", names = "--engine", defaultValue = "event", description = "event (event-driven, default) or cycle (cycle-stepped; "
            + "on a systolic target SCALE-Sim's address-by-address reference; small programs only)")
    String engine;

    @Mixin
    ModelFileOptions files;

    @Option(names = "--functional", description = "also compute MiniLM-L6 outputs from the compressed weights and check them against the reference forward (max relative error <= 1e-5)")
    boolean functional;

    @Option(paramLabel = "N", names = "--check-ops", description = "--functional: also run the first N ops (program order) one at a time beside the compiler's reference interpreter on the dense weights (not the program's bytes), compare each op's result and name the first op that differs (relative error > 1e-4)")
    Integer checkOps;

    @Option(paramLabel = "FILE", names = "--weights", description = "--functional: safetensors with (pruned) Linear weights of minilm-l6 (default: the pretrained weights, projected to the pattern by magnitude)")
    Path weights;

    @Option(paramLabel = "TEXT|TEXT...", names = "--sentences", split = "\\|", description = "--functional: sentences separated by '|', packed into the program's batch x seq (default: STS-B dev sentences)")
    List<String> sentences;

    @Option(paramLabel = "DIR", names = "--data-dir", description = "data directory for the default sentences (default: $NXM_DATA, else ../shared/data)")
    Path dataDir;

    @Option(names = "--search", paramLabel = "S",
            description = "mapping search when compiling (--model/--gemm, and both passes of --phase), for the sparse program and the dense one's own mapping: heuristic, top-k=K or exhaustive (default: "
                    + GEMM_SEARCH + " for --gemm, heuristic otherwise)")
    String search;

    /**
     * One GEMM is searched by default: simulating its best few mappings costs seconds to a minute, and without it the
     * speedup partly reflects which tiling the heuristic happened to pick (simulator/README "Kernel fixed costs and
     * the h200 preset": 11 of 12 H200 dense times within ±20% searched, 9 heuristic). Whole models and decoder passes
     * keep the heuristic so that nxm run and sweeps stay within their time.
     */
    static final String GEMM_SEARCH = "top-k=8";

    private org.nxm.compiler.mapping.Search search() {
        return org.nxm.compiler.mapping.Search.parse(search != null ? search : source.gemm != null ? GEMM_SEARCH : "heuristic");
    }

    @Option(names = "--json", description = "print JSON instead of the table")
    boolean json;

    @Option(paramLabel = "PHASE", names = "--phase", description = "decoder models (llama-3-8b, llama-2-7b, mistral-7b, qwen2.5-7b, gpt2, llama-3-70b or a decoder YAML): prefill (--seq prompt tokens) or decode (one token against --context); N:M (--pattern, default 2:4) vs dense")
    String phase;

    @Option(paramLabel = "TOKENS", names = "--context", description = "--phase decode: KV-cache length the new token attends to")
    Integer context;

    @Option(paramLabel = "LINEARS", names = "--sparse-linears", description = "--phase: Linears that are N:M: default (every projection, LM head dense), all, none, or a comma-separated list of these: q_proj k_proj v_proj o_proj gate_proj up_proj down_proj lm_head")
    String sparseLinears;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (phase != null || context != null || sparseLinears != null) {
            if (hw == null) throw new Nxm.UserError("--hw: required with --phase");
            HardwareConfig decoderHw = HardwareConfig.resolve(hw);
            org.nxm.simulator.tensorcore.HardwareParams.from(decoderHw);   // refuses a systolic target up front
            return decoder(out, err, decoderHw);
        }
        if (source.model != null && org.nxm.model.transformer.DecoderConfig.isPreset(source.model) && !TransformerConfig.presetNames().contains(source.model)) {
            throw new Nxm.UserError("--model " + source.model + ": a decoder model; add --phase prefill (with --seq) or --phase decode (with --context)");
        }
        if (hw == null && source.program == null) throw new Nxm.UserError("--hw: required with --model and --gemm");
        HardwareConfig given = hw == null ? null : HardwareConfig.resolve(hw);
        Program fromFile = source.program == null ? null : ProgramSource.read(source.program);
        // A program carries its target's canonical YAML: without --hw, simulate on that.
        HardwareConfig hardware = given != null ? given
                : HardwareConfig.parse(fromFile.hardwareYaml(), source.program + ": field 'hardware.yaml'");
        MachineModel runner = MachineModel.of(Target.of(hardware), switch (engine.toLowerCase(Locale.ROOT)) {
            case "event" -> MachineModel.Engine.EVENT;
            case "cycle" -> MachineModel.Engine.CYCLE;
            default -> throw new Nxm.UserError("--engine: expected event or cycle, got '" + engine + "'");
        });
        if (functional && runner.target().hw().template() != org.nxm.compiler.hardware.Template.TENSOR_CORE) {
            throw new Nxm.UserError("--functional: runs on a tensor-core target (" + hardware.name() + " is " + runner.template() + ")");
        }
        if (source.program != null && pattern != null) {
            throw new Nxm.UserError("--program: the pattern comes from the program; drop --pattern");
        }
        if (weights != null && !functional) throw new Nxm.UserError("--weights: only used with --functional");
        if (checkOps != null && !functional) throw new Nxm.UserError("--check-ops: only used with --functional");
        if (checkOps != null && checkOps < 1) throw new Nxm.UserError("--check-ops: expected a positive number of ops, got " + checkOps);
        if (weights != null) org.nxm.model.io.InputFiles.refuseNonRegular(weights, "weights file");
        if (weights != null && !Files.isRegularFile(weights)) throw new Nxm.UserError(weights + ": weights file not found");
        NmPattern pat = pattern == null ? null : NmPattern.parse(pattern);
        if (pat != null && pat.isDense()) pat = null;
        if (pat != null && !hardware.supports(pat)) {
            err.println("nxm simulate: warning: " + hardware.name() + " does not run " + pat + " sparse (supports "
                    + hardware.sparsePatterns() + "): the weights run dense, speedup 1");
            pat = null;
        }
        if (functional && source.gemm != null) throw new Nxm.UserError("--functional: needs a Transformer model (--model or --program), not --gemm");
        if (functional && source.model != null && pat == null) {
            throw new Nxm.UserError("--functional: needs a sparse pattern (--pattern 2:4) so the compressed weights are exercised");
        }
        org.nxm.compiler.mapping.Search chosenSearch = search();
        if (chosenSearch.simulates() && source.gemm != null) {
            err.println("nxm simulate: mapping search " + chosenSearch + " (the dense and the sparse program each simulate their best candidates; --search heuristic is quicker)");
        }
        org.nxm.compiler.mapping.Mapper mapper = Mappers.of(chosenSearch);
        long compileStart = System.nanoTime();
        Program prog;
        String label;
        FunctionalRun.SparseWeights sparseWeights = null;
        FunctionalRun.Source functionalSource = null;
        if (source.program != null) {
            prog = fromFile;
            label = source.program.toString();
            if (functional) {
                functionalSource = sourceModel(prog.model().name(), prog.model(), err);
                sparseWeights = FunctionalRun.sparseFor(prog, functionalSource.weights());
            }
        } else {
            LoweredModel lm = source.model != null ? ProgramSource.model(source.model, batch, seq) : ProgramSource.gemm(source.gemm);
            if (functional) {
                // The program that is timed carries the weights, so the functional run executes exactly it.
                functionalSource = sourceModel(source.model, lm.shape(), err);
                sparseWeights = FunctionalRun.sparse(functionalSource.weights(), lm, pat);
                prog = FunctionalRun.compile(sparseWeights, lm, hardware, pat, mapper);
            } else {
                prog = ProgramSource.compile(lm, hardware, pat, mapper);
            }
            label = source.model != null ? source.model : "gemm " + source.gemm;
        }
        long compileMs = (System.nanoTime() - compileStart) / 1_000_000;
        long t0 = System.nanoTime();
        SimReport report;
        try {
            report = runner.run(prog, label, trace == null ? null : h -> NxmtWriter.open(trace, h));
        } catch (TraceException e) {
            deletePartialTrace();
            throw new Nxm.UserError(e.getMessage());
        } catch (RuntimeException | Error e) {
            deletePartialTrace(); // a run that failed leaves no half-written trace behind
            throw e;
        }
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        SimReport dense = null;
        SimReport compiledDense = null;
        if (prog.weightPattern() != null || pattern != null) {
            // Same schedule, dense MMAs and dense weight bytes: what sparsity changes, tile for tile.
            dense = prog.weightPattern() == null ? report : runner.runDenseTwin(prog, label);
            // And the compiler's own dense program of the same shape (its tiles may differ).
            Program dp = null;
            if (denseProgram != null) {
                dp = ProgramSource.read(denseProgram);
                if (dp.weightPattern() != null) {
                    throw new Nxm.UserError(denseProgram + ": --dense-program must be compiled dense (its pattern is " + dp.pattern() + ")");
                }
                if (!dp.model().equals(prog.model())) {
                    throw new Nxm.UserError(denseProgram + ": model/shape " + dp.model() + " differs from " + label + "'s " + prog.model());
                }
            } else if (prog.weightPattern() != null) {
                dp = ProgramSource.compile(ProgramSource.sameShape(prog.model()), hardware, null, mapper);
            }
            compiledDense = dp == null ? report : runner.run(dp, label + " (dense)");
        }
        FunctionalCheck.Result fr = null;
        OpCheck.Result oc = null;
        if (functional) {
            FunctionalRun.Packed packed = functionalInput(prog, functionalSource.tokenizer(), err);
            fr = FunctionalCheck.run(prog, sparseWeights.weights(), packed.batch(), packed.sentences());
            if (checkOps != null) {
                err.println("nxm simulate: --check-ops: the first " + Math.min(checkOps, prog.ops().size()) + " ops one at a time beside the reference interpreter...");
                oc = OpCheck.run(new FunctionalSimulator(prog), sparseWeights.weights(), packed.batch(), checkOps);
            }
        }
        for (String w : report.warnings()) err.println("nxm simulate: warning: " + w);
        EnergyReport energy = EnergyModel.of(hardware, report);
        EnergyReport denseEnergy = dense == null ? null : dense == report ? energy : EnergyModel.of(hardware, dense);
        int batchSize = prog.model().batch(), seqLen = prog.model().seq();
        if (json) {
            Map<String, Object> j = toJson(report, dense, compiledDense, prog, wallMs);
            EnergyOutput.putJson(j, energy, denseEnergy, batchSize, seqLen);
            j.put("compile_ms", compileMs);
            j.putAll(Mappers.summary(mapper));
            j.put("mappings", mapper.choices());
            if (fr != null) {
                j.put("functional_max_rel_error", fr.maxRelativeError());
                j.put("functional", functionalJson(fr, sparseWeights));
            }
            if (oc != null) j.put("check_ops", checkOpsJson(oc));
            out.println(JsonOutput.pretty(j));
        } else {
            printTable(out, report, dense, compiledDense, prog, wallMs, runner.template());
            EnergyOutput.print(out, energy, denseEnergy, batchSize, seqLen);
            if (fr != null) {
                out.printf(Locale.ROOT, "%n  functional: the program's %,d tile ops on its %s weight tiles, %d texts (%d token rows), %d Linear weights (%,d groups) projected to %s;%n"
                        + "  max relative error vs reference forward %.3g (bound %.0e) %s; simulated %d ms, reference %d ms%n",
                        fr.ops(), fr.layout(), fr.sentences(), fr.tokenRows(), sparseWeights.projected(), sparseWeights.projectedGroups(), prog.pattern(), fr.maxRelativeError(),
                        FunctionalCheck.TOLERANCE, fr.passed() ? "PASS" : "FAIL", fr.simulatedMs(), fr.referenceMs());
            }
            if (oc != null) {
                out.printf(Locale.ROOT, "  check-ops: %,d ops compared one by one with the reference interpreter on the dense weights: %s%n",
                        oc.checked(), oc.passed() ? String.format(Locale.ROOT, "all agree (largest relative error %.3g, bound %.0e)", oc.largestError(), OpCheck.TOLERANCE)
                                : String.format(Locale.ROOT, "%s differs first (relative error %.3g > %.0e)", oc.first().where(), oc.first().relativeError(), OpCheck.TOLERANCE));
            }
        }
        out.flush();
        if (oc != null && !oc.passed()) {
            throw new Nxm.CheckFailed("--check-ops: " + oc.first().where() + " is the first op whose result differs from the reference interpreter's: relative error "
                    + oc.first().relativeError() + " > " + OpCheck.TOLERANCE);
        }
        if (fr != null && !fr.passed()) {
            throw new Nxm.CheckFailed("functional outputs differ from the reference forward: max relative error "
                    + fr.maxRelativeError() + " > " + FunctionalCheck.TOLERANCE);
        }
        return Nxm.EXIT_OK;
    }

    /** The decoder path ({@link DecoderSimulate}): --phase with --model; the encoder-only options do not apply. */
    private int decoder(PrintWriter out, PrintWriter err, HardwareConfig hardware) {
        if (phase == null) throw new Nxm.UserError("--context/--sparse-linears: only with --phase prefill|decode");
        if (source.model == null) throw new Nxm.UserError("--phase: needs --model (a decoder preset or YAML file)");
        if (functional || denseProgram != null || !"event".equalsIgnoreCase(engine)) {
            throw new Nxm.UserError("--phase: --functional, --dense-program and --engine are not available for decoder passes");
        }
        var s = search();
        var config = DecoderSimulate.model(source.model);
        var w = DecoderSimulate.workload(config, phase, batch, seq, context, sparseLinears);
        return DecoderSimulate.run(out, err, hardware, w, DecoderSimulate.pattern(hardware, pattern), json, trace,
                s.simulates() ? Mappers.of(s) : null);
    }

    private void deletePartialTrace() {
        if (trace == null) return;
        try {
            Files.deleteIfExists(trace);
        } catch (java.io.IOException ignored) {
            // the run's own error is the one to report
        }
    }

    /**
     * The weights the functional run checks against, and their tokenizer: a --model-dir / --onnx model of the
     * program's shape or bge-small (with --weights overlaid), else all-MiniLM-L6-v2 or a preset's seeded weights.
     */
    private FunctionalRun.Source sourceModel(String name, ModelShape shape, PrintWriter err) {
        if (files.hasFileSource() || (!"minilm-l6".equals(name) && PretrainedEncoders.has(name))) {
            EncoderModel em = files.load(name);
            ModelShape want = ModelShape.of(em.config(), shape.batch(), shape.seq());
            if (want.layers() != shape.layers() || want.hidden() != shape.hidden() || want.heads() != shape.heads()
                    || want.ffn() != shape.ffn()) {
                throw new Nxm.UserError("--functional: " + files.describe(name) + " has shape " + want + ", the program " + shape);
            }
            return new FunctionalRun.Source(weights == null ? em.weights() : PrunedWeightsFile.overlay(em.weights(), weights), em.tokenizer());
        }
        return new FunctionalRun.Source(FunctionalRun.sourceWeights(name, weights, line -> err.println("nxm simulate: " + line)),
                MiniLm.loadTokenizer());
    }

    private FunctionalRun.Packed functionalInput(Program prog, WordPieceTokenizer tok, PrintWriter err) {
        if (prog.weightPattern() == null) {
            throw new Nxm.UserError("--functional: needs a sparse program (--pattern 2:4) so the compressed weights are exercised");
        }
        if (!prog.hasWeights()) {
            throw new Nxm.UserError("--functional: " + source.program + " has no weights; compile it with --weights (nxm compile --weights ...)");
        }
        int rows = prog.model().batch() * prog.model().seq();
        List<String> texts = sentences != null && !sentences.isEmpty() ? sentences
                : FunctionalRun.stsbSentences(dataDir, Math.max(16, rows / 4));
        FunctionalRun.Packed packed = FunctionalRun.pack(tok, texts, prog.model().batch(), prog.model().seq());
        err.println("nxm simulate: functional run of the program's " + prog.ops().size() + " tile ops on " + packed.batch().batchSize()
                + " sequences of " + packed.batch().seqLen() + " tokens...");
        return packed;
    }

    static Map<String, Object> checkOpsJson(OpCheck.Result r) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("checked", r.checked());
        j.put("tolerance", OpCheck.TOLERANCE);
        j.put("largest_relative_error", r.largestError());
        j.put("passed", r.passed());
        j.put("first_divergent_op", r.first() == null ? null : r.first().op());
        j.put("first_divergent", r.first() == null ? null : r.first().where());
        j.put("relative_error", r.first() == null ? null : r.first().relativeError());
        return j;
    }

    static Map<String, Object> functionalJson(FunctionalCheck.Result r, FunctionalRun.SparseWeights w) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("layout", r.layout());
        j.put("sentences", r.sentences());
        j.put("token_rows", r.tokenRows());
        j.put("ops", r.ops());
        j.put("max_relative_error", r.maxRelativeError());
        j.put("tolerance", FunctionalCheck.TOLERANCE);
        j.put("passed", r.passed());
        j.put("projected_tensors", w.projected());
        j.put("projected_groups", w.projectedGroups());
        j.put("simulated_ms", r.simulatedMs());
        j.put("reference_ms", r.referenceMs());
        return j;
    }

    static Map<String, Object> toJson(SimReport r, SimReport dense, SimReport compiledDense, Program p, long wallMs) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("hardware", r.hardware());
        j.put("model", p.model().name());
        j.put("batch", p.model().batch());
        j.put("seq", p.model().seq());
        j.put("pattern", r.pattern());
        j.put("engine", r.engine());
        j.put("cycles", r.cycles());
        j.put("seconds", r.seconds());
        j.put("clock_ghz", r.clockHz() / 1e9);
        j.put("kernel_fixed_cycles", r.kernelFixedCycles());
        j.put("sustained_rate_cycles", r.sustainedRateCycles());
        j.put("estimated_cycles", p.estimatedCycles());
        j.put("dense_cycles", dense == null ? null : dense.cycles());
        j.put("speedup", dense == null ? null : (double) dense.cycles() / r.cycles());
        j.put("compiled_dense_cycles", compiledDense == null ? null : compiledDense.cycles());
        // the dense program compiled for its own best mapping under this compile's search (today: the tiler's)
        j.put("dense_own_cycles", compiledDense == null ? null : compiledDense.cycles());
        j.put("speedup_vs_compiled_dense", compiledDense == null ? null : (double) compiledDense.cycles() / r.cycles());
        j.put("utilization", r.utilization());
        j.put("macs", r.macs());
        j.put("dense_equivalent_macs", r.denseEquivalentMacs());
        j.put("peak_macs_per_cycle", r.peakMacsPerCycle());
        j.put("effective_macs_per_cycle", r.effectiveMacsPerCycle());
        j.put("effective_tflops", r.effectiveTflops());
        j.put("mma_instructions", r.mmaInstructions());
        j.put("dram_bytes", r.dramBytes());
        List<Map<String, Object>> levels = new ArrayList<>();
        for (LevelStats l : r.levels()) {
            Map<String, Object> lj = new LinkedHashMap<>();
            lj.put("name", l.name());
            lj.put("bytes", l.bytes());
            lj.put("avg_bytes_per_cycle", l.avgBytesPerCycle());
            lj.put("peak_bytes_per_cycle", l.peakBytesPerCycle());
            lj.put("peak_window_cycles", l.windowCycles());
            lj.put("capacity_bytes_per_cycle", l.capacityBytesPerCycle());
            levels.add(lj);
        }
        j.put("levels", levels);
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("compute_cycles", r.stalls().computeCycles());
        st.put("memory_stall_cycles", r.stalls().memoryStallCycles());
        st.put("dependency_stall_cycles", r.stalls().dependencyStallCycles());
        st.putAll(r.stalls().fractionsJson());
        j.put("stalls", st);
        List<Map<String, Object>> layers = new ArrayList<>();
        for (LayerStats l : r.layers()) {
            Map<String, Object> lj = new LinkedHashMap<>();
            lj.put("name", l.name());
            lj.put("first_cycle", l.firstCycle());
            lj.put("last_cycle", l.lastCycle());
            lj.put("cycles", l.cycles());
            lj.put("span_cycles", l.spanCycles());
            lj.put("macs", l.macs());
            lj.put("dram_bytes", l.dramBytes());
            layers.add(lj);
        }
        j.put("layers", layers);
        j.put("ops", r.ops());
        j.put("dense_fallbacks", r.denseFallbacks());
        j.put("warnings", r.warnings());
        if (dense != null && dense != r) j.put("dense", brief(dense));
        if (compiledDense != null && compiledDense != r && compiledDense != dense) j.put("compiled_dense", brief(compiledDense));
        j.put("sim_wall_ms", wallMs);
        return j;
    }

    /** The headline figures of a comparison run. */
    static Map<String, Object> brief(SimReport r) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("cycles", r.cycles());
        j.put("utilization", r.utilization());
        j.put("dram_bytes", r.dramBytes());
        Map<String, Object> levels = new LinkedHashMap<>();
        for (LevelStats l : r.levels()) levels.put(l.name(), l.bytes());
        j.put("level_bytes", levels);
        j.putAll(r.stalls().fractionsJson());
        return j;
    }

    private static void printTable(PrintWriter out, SimReport r, SimReport dense, SimReport compiledDense, Program p, long wallMs,
                                   String template) {
        out.printf(Locale.ROOT, "%s batch %d seq %d, %s, on %s (%s, %s)%n", p.model().name(), p.model().batch(),
                p.model().seq(), r.pattern(), r.hardware(), template, r.engine());
        out.printf(Locale.ROOT, "  cycles               %,d  (%.3f ms at %.3f GHz)%n", r.cycles(), r.seconds() * 1e3, r.clockHz() / 1e9);
        if (r.kernelFixedCycles() > 0) {
            out.printf(Locale.ROOT, "  kernel fixed costs   %,d  (in the total: launch, prologue, epilogue, wave sync of %d GEMM kernels)%n",
                    r.kernelFixedCycles(), p.gemms().size());
        }
        if (r.sustainedRateCycles() > 0) {
            out.printf(Locale.ROOT, "  sustained MMA rate   %,d  (in the total: the executed MACs exceed the rate the chip sustains, kernel.sustained_mma_fraction)%n",
                    r.sustainedRateCycles());
        }
        // the estimate covers the schedule; the fixed costs (and a sustained-rate floor) are the same on both sides
        long estimate = r.comparableEstimate(p.estimatedCycles());
        double ratio = p.estimatedCycles() > 0 ? (double) r.cycles() / estimate : Double.NaN;
        out.printf(Locale.ROOT, "  cost-model estimate  %,d  (measured / estimate = %.3f)%n", estimate, ratio);
        if (dense != null) {
            out.printf(Locale.ROOT, "  dense, same schedule %,d  -> speedup %.3fx (pattern %s)%n", dense.cycles(),
                    (double) dense.cycles() / r.cycles(), r.pattern());
            if (compiledDense != null && compiledDense != dense) {
                out.printf(Locale.ROOT, "  dense, own tiling    %,d  -> speedup %.3fx (the compiler's dense program)%n",
                        compiledDense.cycles(), (double) compiledDense.cycles() / r.cycles());
            }
        }
        out.printf(Locale.ROOT, "  MACs                 %,d performed, %,d dense-equivalent, %,d MMA instructions%n",
                r.macs(), r.denseEquivalentMacs(), r.mmaInstructions());
        out.printf(Locale.ROOT, "  MACs/cycle           %.1f effective of %.1f dense peak; utilisation %.1f%% of MMA issue slots%n",
                r.effectiveMacsPerCycle(), r.peakMacsPerCycle(), 100 * r.utilization());
        out.printf(Locale.ROOT, "  effective TFLOP/s    %.2f%n", r.effectiveTflops());
        out.printf(Locale.ROOT, "  stalls (core-cycles) compute %.1f%%  memory %.1f%%  dependency %.1f%%%n",
                100 * r.stalls().computeFraction(), 100 * r.stalls().memoryFraction(), 100 * r.stalls().dependencyFraction());
        out.println();
        out.printf(Locale.ROOT, "  %-9s %16s %12s %12s %12s%n", "level", "bytes", "avg B/cyc", "peak B/cyc", "cap B/cyc");
        for (LevelStats l : r.levels()) {
            out.printf(Locale.ROOT, "  %-9s %,16d %12.1f %12.1f %12.1f%n", l.name(), l.bytes(), l.avgBytesPerCycle(),
                    l.peakBytesPerCycle(), l.capacityBytesPerCycle());
        }
        out.println();
        out.printf(Locale.ROOT, "  %-9s %12s %12s %12s %10s %18s %16s%n", "layer", "first", "span", "own cycles",
                "MACs/cyc", "MACs", "DRAM bytes");
        for (LayerStats l : r.layers()) {
            out.printf(Locale.ROOT, "  %-9s %,12d %,12d %,12d %10.1f %,18d %,16d%n", l.name(), l.firstCycle(), l.spanCycles(),
                    l.cycles(), l.cycles() == 0 ? 0.0 : (double) l.macs() / l.cycles(), l.macs(), l.dramBytes());
        }
        out.println("  (own cycles: from the completion of all earlier layers to this layer's completion; they add up to the run)");
        out.printf(Locale.ROOT, "%n  %d ops simulated in %d ms%n", r.ops(), wallMs);
    }
}
