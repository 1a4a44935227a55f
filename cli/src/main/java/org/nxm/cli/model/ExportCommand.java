package org.nxm.cli.model;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nxm.admm.io.PrunedWeightsFile;
import org.nxm.cli.JsonOutput;
import org.nxm.model.io.hf.HfModelWriter;
import org.nxm.model.transformer.EncoderModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nxm export}: any model nxm loads, optionally with pruned weights overlaid, as a Hugging Face directory. */
@Command(name = "export", header = "Write any loaded model (optionally with pruned weights) as a Hugging Face model directory.",
        mixinStandardHelpOptions = true,
        description = {"Write the model that --model / --model-dir / --onnx selects as a directory that transformers' from_pretrained and",
            "sentence-transformers load: config.json, model.safetensors (source tensor names and dtypes, heads untouched,",
            "__metadata__ format=pt), the tokenizer files, modules.json + 1_Pooling/config.json. With --weights, the pruned",
            "weights of nxm prune replace the dense ones. The directory appears whole or not at all."},
        footer = {"", "Examples:", "  nxm export --model bge-small --out bge-small-hf",
            "  nxm export --model minilm-l6 --weights minilm-2of4-admm.safetensors --out minilm-2of4-hf",
            "  nxm export --onnx model.onnx --tokenizer tokenizer.json --pooling cls --out from-onnx"})
public final class ExportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin
    ModelOptions source;

    @Option(names = "--weights", paramLabel = "W.safetensors", description = "pruned weights (nxm prune) to put in place of the dense ones")
    Path weights;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory (must not exist, or be empty)")
    Path out;

    @Option(names = "--json", description = "print what was written as JSON")
    boolean json;

    @Override
    public Integer call() {
        EncoderModel m = source.load();
        if (weights != null) m = m.withWeights(PrunedWeightsFile.overlay(m.weights(), weights));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("nxm.source", source.describe());
        if (weights != null) {
            Map<String, String> pm = PrunedWeightsFile.metadata(weights);
            pm.forEach((k, v) -> { if (k.startsWith("nxm.") && !k.equals(PrunedWeightsFile.PRUNED)) meta.put(k, v); });
            String pruned = pm.get(PrunedWeightsFile.PRUNED);
            if (pruned != null) meta.put(PrunedWeightsFile.PRUNED, prefixed(pruned, m.weights().layout().prefix()));
        }
        HfModelWriter.write(m, out, meta);
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("model", source.describe());
            j.put("weights", weights == null ? "dense" : weights.toString());
            j.put("out", out.toString());
            j.put("parameters", m.weights().parameterCount());
            j.put("kept_aside", m.weights().layout().extras().keySet());
            j.put("pooling", m.pooling().label());
            o.println(JsonOutput.pretty(j));
        } else {
            o.printf("wrote %s: %s (%d encoder parameters, %d tensors kept aside, pooling %s)%n", out, source.describe(),
                    m.weights().parameterCount(), m.weights().layout().extras().size(), m.pooling().label());
        }
        o.flush();
        return 0;
    }

    /** The pruned names as they appear in the exported file (the source's prefix added where the file lacks it). */
    private static String prefixed(String names, String prefix) {
        if (prefix.isEmpty()) return names;
        StringBuilder sb = new StringBuilder();
        for (String n : names.split(",")) sb.append(sb.length() == 0 ? "" : ",").append(n.startsWith(prefix) ? n : prefix + n);
        return sb.toString();
    }
}
