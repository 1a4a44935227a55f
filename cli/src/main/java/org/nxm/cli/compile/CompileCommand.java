package org.nxm.cli.compile;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nxm.cli.Nxm;
import org.nxm.compiler.Compiler;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.LoweredModel;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.lower.WeightBinding;
import org.nxm.compiler.program.LayerSummary;
import org.nxm.compiler.program.ModelShape;
import org.nxm.compiler.program.CriticalPath;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.ProgramGraphDot;
import org.nxm.compiler.program.ProgramJson;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.admm.io.PrunedWeightsFile;
import org.nxm.cli.model.ModelFileOptions;
import org.nxm.cli.simulate.Mappers;
import org.nxm.compiler.mapping.Mapper;
import org.nxm.compiler.mapping.Search;
import org.nxm.model.transformer.EncoderModel;
import org.nxm.model.transformer.PretrainedEncoders;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.model.transformer.TransformerWeights;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nxm compile}: a model (shapes or real N:M weights) + hardware → a validated tile-op program. */
@Command(name = "compile", header = "Compile a model for a hardware target into a validated tile-op program.", mixinStandardHelpOptions = true,
        description = {"Compile a Transformer (a preset's shapes, or real weights) for a hardware target into a program "
                + "of tile operations: lower, tile (cost model), encode (CUTLASS 2:4 or general N:M), schedule "
                + "(buffer slots, double buffering), validate.",
                "Without --out it prints a summary; --stats adds the per-layer table (ops, MACs, bytes per operand "
                + "class, cost-model cycles); --json prints the same as JSON."},
        footer = {"", "Example:", "  nxm compile --model bert-base --hw a100 --pattern 2:4 --out prog.json --stats",
            "  nxm compile --model-dir ./my-bert --weights my-bert-2of4.safetensors --hw a100 --out prog.json",
                "  nxm compile --model minilm-l6 --weights pruned.safetensors --hw edge-4 --pattern 2:4 --out minilm.json",
                "  nxm compile --gemm 3072,2048,768 --hw h100 --stats --json",
                "  nxm compile --gemm 768,128,3072 --hw h200 --pattern dense --search top-k=8 --stats"})
public final class CompileCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", paramLabel = "M", description = "model preset: minilm-l6, bert-base, bert-large, gpt2")
    String model;

    @Mixin
    ModelFileOptions files;

    @Option(names = "--gemm", paramLabel = "M,N,K", description = "compile one GEMM C[M×N] = W[M×K]·X[N×K]ᵀ instead of a model")
    String gemm;

    @Option(names = "--hw", paramLabel = "HW", defaultValue = "a100", description = "hardware preset or YAML file (default: ${DEFAULT-VALUE}; see nxm hw list)")
    String hw;

    @Option(names = "--pattern", paramLabel = "N:M", defaultValue = "2:4", description = "N:M pattern of the Linear weights, or dense (default: ${DEFAULT-VALUE})")
    String pattern;

    @Option(names = "--weights", paramLabel = "W.safetensors", description = "real weights (Hugging Face BERT names); each weight tile then carries its compressed values and metadata")
    Path weights;

    @Option(names = "--project", description = "project weights that are not N:M onto the pattern (keep the largest magnitudes) instead of refusing them")
    boolean project;

    @Option(paramLabel = "N", names = "--batch", defaultValue = "1", description = "sequences (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(paramLabel = "N", names = "--seq", defaultValue = "128", description = "tokens per sequence (default: ${DEFAULT-VALUE})")
    int seq;

    @Option(names = "--out", paramLabel = "prog.json", description = "write the program (and prog.weights.safetensors with --weights)")
    Path out;

    @Option(names = "--stats", description = "print per-layer op counts, MACs, bytes per operand class and cost-model cycles, "
            + "and the tile graph's critical path (a lower bound on any schedule's cycles)")
    boolean stats;

    @Option(names = "--graph", paramLabel = "FILE.dot", description = "write the tile graph as Graphviz DOT (critical path in red; "
            + "implied dependencies left out up to 2,000 ops); dot -Tsvg FILE.dot > graph.svg")
    Path graph;

    @Option(names = "--search", paramLabel = "S", defaultValue = "heuristic",
            description = "mapping search per GEMM: heuristic (the cost model's pick), top-k=K (simulate the K best estimates, keep the fastest) or exhaustive (simulate every legal mapping) (default: ${DEFAULT-VALUE})")
    String search;

    @Option(names = "--json", description = "print the summary (and --stats layers) as JSON")
    boolean json;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        if ((model == null && !files.hasFileSource()) == (gemm == null)) throw new Nxm.UserError("give exactly one of --model (or --model-dir/--onnx) and --gemm");
        // A model with its own weights (a directory, an ONNX file, bge-small) binds them, under its source's names.
        EncoderModel source = gemm == null && (files.hasFileSource() || (weights != null && !"minilm-l6".equalsIgnoreCase(model)
                && PretrainedEncoders.has(model))) ? files.load(model) : null;
        HardwareConfig target = HardwareConfig.resolve(hw);
        Mapper mapper = Mappers.of(Search.parse(search));
        NmPattern p = NmPattern.parseOrDense(pattern);
        LoweredModel lowered;
        if (gemm != null) {
            if (weights != null) throw new Nxm.UserError("--weights goes with --model, not --gemm");
            lowered = Lowering.singleGemm(dim(0), dim(1), dim(2));
        } else {
            lowered = Lowering.lower(ModelShape.of(source != null ? source.config() : TransformerConfig.preset(model), batch, seq));
        }
        WeightBinding bound = null;
        if (source != null) {
            TransformerWeights w = weights == null ? source.weights() : PrunedWeightsFile.overlay(source.weights(), weights);
            bound = WeightBinding.fromWeights(w, lowered, p, project);
        } else if (weights != null) {
            // nxm prune writes only the Linear weights: for minilm-l6, biases and LayerNorm come from the
            // pretrained model they were pruned from.
            boolean pretrained = "minilm-l6".equalsIgnoreCase(model);
            bound = WeightBinding.fromSafetensors(weights, lowered, p, project,
                    pretrained ? org.nxm.model.transformer.MiniLm.loadWeights() : null);
            int expected = (int) lowered.tensors().stream().filter(t -> t.kind() == org.nxm.compiler.program.TensorKind.PARAMETER).count();
            if (bound.parameters().size() < expected) {
                spec.commandLine().getErr().println("nxm compile: " + weights + " has no bias/LayerNorm vectors for "
                        + (expected - bound.parameters().size()) + " parameters; the program can be timed but not run functionally");
            }
            if (bound.projected() > 0) {
                spec.commandLine().getErr().println("nxm compile: projected " + bound.projected() + " weight tensors onto " + p + " (--project)");
            }
        }
        final WeightBinding b = bound;
        Compiler.Result r = Compiler.compile(new Compiler.Request(lowered, target, p,
                b == null ? null : b.weights()::get, b == null ? null : b.parameters()::get), mapper);
        Program prog = r.program();
        long compileMs = (System.nanoTime() - t0) / 1_000_000;
        if (out != null) ProgramJson.write(prog, out);
        long totalMs = (System.nanoTime() - t0) / 1_000_000;
        PrintWriter o = spec.commandLine().getOut();
        Map<String, Object> summary = summary(prog, target, r, compileMs, totalMs);
        CriticalPath critical = stats || graph != null ? CriticalPath.of(prog, target) : null;
        if (stats) {
            summary.put("critical_path_cycles", critical.cycles());
            summary.put("critical_path_ops", critical.ops().size());
        }
        ProgramGraphDot.Written dot = graph == null ? null : ProgramGraphDot.write(prog, critical, graph);
        if (dot != null) summary.put("graph_edges_drawn", dot.edges());
        summary.putAll(Mappers.summary(mapper));
        if (json) {
            if (stats) summary.put("layers", prog.layers());
            if (stats) summary.put("mappings", mapper.choices());
            o.println(ProgramJson.toJson(summary));
        } else {
            printText(o, prog, target, summary, mapper);
            if (stats) o.printf(Locale.ROOT, "  critical path: %,d cycles over %,d ops (lower bound: every op at full bandwidth, no contention)%n",
                    critical.cycles(), critical.ops().size());
            if (dot != null) o.printf(Locale.ROOT, "  graph: %s (%,d edges%s)%n", graph, dot.edges(),
                    dot.reduced() ? ", " + dot.redundantDropped() + " implied ones left out" : "");
        }
        o.flush();
        return 0;
    }

    private int dim(int i) {
        String[] parts = gemm.split(",");
        if (parts.length != 3) throw new Nxm.UserError("--gemm '" + gemm + "': expected M,N,K such as 3072,2048,768");
        try {
            return Integer.parseInt(parts[i].trim());
        } catch (NumberFormatException e) {
            throw new Nxm.UserError("--gemm '" + gemm + "': expected three integers M,N,K");
        }
    }

    static Map<String, Object> summary(Program p, HardwareConfig hw, Compiler.Result r, long compileMs, long totalMs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", p.model().name());
        m.put("batch", p.model().batch());
        m.put("seq", p.model().seq());
        m.put("hw", p.hardwareName());
        m.put("pattern", p.pattern());
        m.put("layout", p.layout());
        m.put("dtype", p.dtype().shortName());
        m.put("ops", p.ops().size());
        m.put("edges", p.edges().size());
        m.put("gemms", p.gemms().size());
        long mma = 0, macs = 0, dmacs = 0, dense = 0, values = 0, meta = 0, act = 0, wload = 0;
        for (LayerSummary l : p.layers()) {
            mma += l.mmaInstructions();
            macs += l.macs();
            dmacs += l.denseMacs();
            dense += l.denseWeightBytes();
            values += l.weightValueBytes();
            meta += l.metadataBytes();
            act += l.activationBytes();
            wload += l.weightLoadBytes();
        }
        m.put("mma_instructions", mma);
        m.put("macs", macs);
        m.put("dense_macs", dmacs);
        m.put("dense_weight_bytes", dense);
        m.put("weight_value_bytes", values);
        m.put("metadata_bytes", meta);
        m.put("activation_bytes", act);
        m.put("weight_load_bytes", wload);
        m.put("estimated_cycles", p.estimatedCycles());
        m.put("estimated_seconds", p.estimatedCycles() / hw.clockHz());
        m.put("peak_shared_bytes_per_core", r.validation().peakSharedBytes());
        m.put("peak_register_bytes_per_core", r.validation().peakRegisterBytes());
        m.put("has_weights", p.hasWeights());
        m.put("compile_ms", compileMs);
        m.put("phase_ms", r.phaseMillis());
        m.put("total_ms", totalMs);
        return m;
    }

    private void printText(PrintWriter o, Program p, HardwareConfig hw, Map<String, Object> s, Mapper mapper) {
        o.printf(Locale.ROOT, "%s batch %d seq %d on %s, pattern %s (%s layout, %s)%s%n", p.model().name(), p.model().batch(),
                p.model().seq(), p.hardwareName(), p.pattern(), p.layout(), p.dtype().shortName(), p.hasWeights() ? ", with weights" : ", shapes only");
        o.printf(Locale.ROOT, "  %,d ops, %,d edges, %,d GEMMs, %,d MMA instructions%n", (int) s.get("ops"), (int) s.get("edges"),
                (int) s.get("gemms"), (long) s.get("mma_instructions"));
        o.printf(Locale.ROOT, "  MACs %,d (dense %,d)%n", (long) s.get("macs"), (long) s.get("dense_macs"));
        long dense = (long) s.get("dense_weight_bytes"), meta = (long) s.get("metadata_bytes");
        o.printf(Locale.ROOT, "  weights: dense %s, values %s, metadata %s (%s of dense)%n", bytes(dense),
                bytes((long) s.get("weight_value_bytes")), bytes(meta), meta == 0 ? "0" : "1/" + fmt((double) dense / meta));
        o.printf(Locale.ROOT, "  cost model: %,d cycles = %.1f us at %.2f GHz%n", p.estimatedCycles(),
                p.estimatedCycles() / hw.clockHz() * 1e6, hw.clockHz() / 1e9);
        o.printf(Locale.ROOT, "  mapping search %s: %,d GEMM shapes mapped, %,d mappings costed, %,d simulated%n", s.get("search"),
                (int) s.get("gemm_shapes_mapped"), (long) s.get("candidates_costed"), (long) s.get("candidates_simulated"));
        if (stats) {
            o.print(Mappers.table(mapper.choices()));
            o.printf(Locale.ROOT, "%n%5s %8s %10s %14s %12s %12s %10s %9s %12s %12s %10s%n", "layer", "ops", "mma", "MACs",
                    "dense_W_B", "values_B", "meta_B", "meta/W", "act_B", "W_load_B", "est_cyc");
            for (LayerSummary l : p.layers()) {
                o.printf(Locale.ROOT, "%5d %8d %10d %14d %12d %12d %10d %9s %12d %12d %10d%n", l.layer(), l.ops(), l.mmaInstructions(),
                        l.macs(), l.denseWeightBytes(), l.weightValueBytes(), l.metadataBytes(),
                        l.metadataBytes() == 0 ? "-" : "1/" + fmt((double) l.denseWeightBytes() / l.metadataBytes()),
                        l.activationBytes(), l.weightLoadBytes(), l.estimatedCycles());
            }
        }
        o.printf(Locale.ROOT, "  compile %d ms%s%n", (long) s.get("compile_ms"),
                out == null ? "" : ", wrote " + out + " (total " + s.get("total_ms") + " ms)");
    }

    private static String fmt(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.format(Locale.ROOT, "%.2f", x);
    }

    private static String bytes(long b) {
        if (b >= 1 << 20) return String.format(Locale.ROOT, "%.2f MiB", b / 1048576.0);
        if (b >= 1 << 10) return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        return b + " B";
    }
}
