package org.nxm.cli.prune;

import org.nxm.cli.JsonOutput;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nxm.admm.calibration.CalibrationSentences;
import org.nxm.admm.calibration.PrunedModel;
import org.nxm.admm.calibration.SequentialPruner;
import org.nxm.admm.io.PrunedWeightsFile;
import org.nxm.admm.pruning.LayerReport;
import org.nxm.admm.pruning.Pruner;
import org.nxm.admm.pruning.Pruners;
import org.nxm.model.data.DataDir;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.cli.model.ModelOptions;
import org.nxm.model.transformer.EncoderModel;
import org.nxm.model.transformer.TokenBatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nxm prune}: N:M-prune every Linear of a pretrained encoder, layer by layer, and save the weights. */
@Command(name = "prune", header = "Prune a pretrained encoder to N:M (admm, sparsegpt, wanda, magnitude).", mixinStandardHelpOptions = true,
        description = {"Prune every Linear weight of a pretrained encoder to an N:M pattern (along the input dimension),",
                "layer by layer with calibration inputs from the already-pruned earlier layers, and save the pruned",
                "Linear weights as safetensors (Hugging Face names, nxm.pattern / nxm.method in __metadata__).",
                "Progress per layer goes to stderr, the summary table to stdout."},
        footer = {"", "Examples:", "  nxm prune --model minilm-l6 --pattern 2:4 --method admm --out minilm-2of4-admm.safetensors",
            "  nxm prune --method admm --calib-data my-domain.txt --out minilm-2of4-mine.safetensors",
            "  nxm prune --model bge-small --pattern 2:4 --method admm --out bge-2of4.safetensors",
            "  nxm prune --model-dir ./my-bert --method sparsegpt --out my-bert-2of4.safetensors",
            "A --model-dir model is written whole (every tensor under its source name and dtype, heads untouched): copy the",
            "directory, replace its model.safetensors with the output, and from_pretrained loads it."})
public final class PruneCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin
    ModelOptions source;

    @Option(paramLabel = "N:M", names = "--pattern", defaultValue = "2:4", description = "N:M pattern, e.g. 2:4, 1:4, 2:8, 4:8 (default: ${DEFAULT-VALUE})")
    String pattern;

    @Option(paramLabel = "METHOD", names = "--method", required = true, description = "magnitude | wanda | sparsegpt | admm")
    String method;

    @Option(paramLabel = "SENTENCES", names = "--calib", defaultValue = "256", description = "calibration sentences from STS-B train (default: ${DEFAULT-VALUE})")
    int calib;

    @Option(names = "--calib-data", paramLabel = "FILE", description = "calibrate on your own text instead: UTF-8, one sentence per line "
            + "(blank lines skipped), every line used; --calib is then ignored")
    Path calibData;

    @Option(paramLabel = "DIR", names = "--data-dir", description = "data directory holding glue/ (default: $NXM_DATA, else ../shared/data)")
    Path dataDir;

    @Option(paramLabel = "PATH", names = "--out", required = true, description = "output safetensors file")
    Path out;

    @Option(names = "--json", description = "print the summary as JSON instead of a table")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        // Validate everything cheap before loading or computing anything.
        NmPattern nm = NmPattern.parse(pattern);
        Pruner pruner = Pruners.create(method);
        EncoderModel lm = source.load();
        SequentialPruner.requireFits(lm.weights().config(), nm);
        List<TokenBatch> batches = List.of();
        int sentenceCount = 0;
        String calibSource = "STS-B train";
        if (pruner.needsCalibration()) {
            List<String> sentences;
            if (calibData != null) {
                sentences = CalibrationSentences.fromLines(calibData);
                calibSource = calibData.toString();
            } else {
                sentences = CalibrationSentences.fromStsb(DataDir.file(dataDir, "glue/sts-b/train.tsv"), calib);
            }
            sentenceCount = sentences.size();
            batches = SequentialPruner.batches(lm.tokenizer(), sentences);
            CalibrationCheck.warning(calibSource, batches, lm.weights().config()).ifPresent(w -> {
                err.println("nxm prune: warning: " + w);
                err.flush();
            });
        }
        err.printf("nxm prune: %s, %s, %s, %d calibration sentences (%s)%n", source.describe(), nm, pruner.name(), sentenceCount, calibSource);
        err.flush();
        long cpu0 = ProcessTimes.cpuNanos();
        PrunedModel pm = new SequentialPruner(pruner, nm).prune(lm.weights(), batches, r -> {
            err.printf("  %-52s %4dx%-4d %s err %.4f -> %.4f  %.2fs%n", r.name(), r.rows(), r.cols(),
                    r.iterations() > 0 ? String.format("it %3d rho %6.3f", r.iterations(), r.finalRho()) : "               ",
                    r.errorBefore(), r.errorAfter(), r.seconds());
            err.flush();
        });
        double cpuSeconds = (ProcessTimes.cpuNanos() - cpu0) / 1e9;
        double load = ProcessTimes.loadAverage();
        PrunedWeightsFile.save(out, pm, sentenceCount);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", source.describe());
            m.put("pattern", nm.toString());
            m.put("method", pm.method());
            m.put("calibration_sentences", sentenceCount);
            m.put("calibration_source", calibSource);
            m.put("seconds", pm.seconds());
            m.put("process_cpu_seconds", cpuSeconds);
            m.put("load_average", load);
            m.put("out", out.toString());
            m.put("layers", pm.reports());
            stdout.println(JsonOutput.pretty(m));
        } else {
            printTable(stdout, pm);
            stdout.printf("wrote %s (%d tensors, %s, %s); pruning took %.1f s wall, %.1f s process CPU on %d cores (load average %.1f)%n",
                    out, pm.weights().config().linears().size(), nm, pm.method(), pm.seconds(), cpuSeconds,
                    Runtime.getRuntime().availableProcessors(), load);
        }
        stdout.flush();
        return 0;
    }

    static void printTable(PrintWriter out, PrunedModel pm) {
        out.printf("%-52s %11s %5s %8s %9s %9s %9s %9s %7s%n", "layer", "shape", "iters", "rho", "primal", "dual",
                "err_mag", "err_final", "sec");
        for (LayerReport r : pm.reports()) {
            out.printf("%-52s %11s %5d %8.3g %9.2e %9.2e %9.5f %9.5f %7.2f%n", r.name(), r.rows() + "x" + r.cols(), r.iterations(),
                    r.finalRho(), r.primalResidual(), r.dualResidual(), r.errorBefore(), r.errorAfter(), r.seconds());
        }
    }
}
