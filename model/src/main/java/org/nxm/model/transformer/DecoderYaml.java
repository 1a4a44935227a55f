package org.nxm.model.transformer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nxm.model.io.InputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The YAML form of a {@link DecoderConfig}, for users' own models. Required: {@code layers},
 * {@code hidden}, {@code heads}, {@code intermediate}, {@code vocab}, {@code max_context}. Optional,
 * with Llama's choices as defaults: {@code name} (the file name), {@code n_kv_heads} (= heads),
 * {@code tied_embeddings} (false), {@code norm} (rmsnorm | layernorm), {@code ffn} (swiglu | gelu),
 * {@code positions} (rope | learned), {@code bias} (none | qkv | all), {@code norm_eps} (1e-5),
 * {@code rope_theta} (10000). Unknown keys are errors (a typo would otherwise silently keep a default).
 *
 * <pre>
 * name: my-3b
 * layers: 26
 * hidden: 3072
 * heads: 24
 * n_kv_heads: 8
 * intermediate: 8192
 * vocab: 128256
 * max_context: 8192
 * </pre>
 */
public final class DecoderYaml {
    private DecoderYaml() {}

    private static final Set<String> KEYS = Set.of("name", "layers", "hidden", "heads", "n_kv_heads", "intermediate", "vocab",
            "max_context", "tied_embeddings", "norm", "ffn", "positions", "bias", "norm_eps", "rope_theta");

    public static DecoderConfig read(Path file) {
        org.nxm.model.io.InputFiles.refuseNonRegular(file, "decoder YAML file");
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return parse(text, file.toString(), stripYaml(file.getFileName().toString()));
    }

    /** Parses YAML text; {@code source} names it in errors, {@code defaultName} is used without a {@code name} key. */
    public static DecoderConfig parse(String text, String source, String defaultName) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            throw new InputException(source + ": not valid YAML (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (!(root instanceof Map<?, ?> map)) throw new InputException(source + ": expected a mapping of decoder fields (layers, hidden, heads, ...)");
        Set<String> unknown = new LinkedHashSet<>();
        for (Object k : map.keySet()) if (!KEYS.contains(String.valueOf(k))) unknown.add(String.valueOf(k));
        if (!unknown.isEmpty()) {
            throw new InputException(source + ": unknown field '" + unknown.iterator().next() + "' (expected one of "
                    + String.join(", ", List.copyOf(new java.util.TreeSet<>(KEYS))) + ")");
        }
        Fields f = new Fields(source, map);
        String name = f.has("name") ? f.string("name") : defaultName;
        int layers = f.integer("layers"), hidden = f.integer("hidden"), heads = f.integer("heads");
        int kvHeads = f.has("n_kv_heads") ? f.integer("n_kv_heads") : heads;
        int intermediate = f.integer("intermediate"), vocab = f.integer("vocab"), maxContext = f.integer("max_context");
        boolean tied = f.has("tied_embeddings") && f.bool("tied_embeddings");
        var norm = f.choice("norm", DecoderConfig.Norm.class, DecoderConfig.Norm.RMSNORM);
        var ffn = f.choice("ffn", DecoderConfig.Ffn.class, DecoderConfig.Ffn.SWIGLU);
        var positions = f.choice("positions", DecoderConfig.Positions.class, DecoderConfig.Positions.ROPE);
        var bias = f.choice("bias", DecoderConfig.Bias.class, DecoderConfig.Bias.NONE);
        double eps = f.has("norm_eps") ? f.number("norm_eps") : 1e-5;
        double theta = f.has("rope_theta") ? f.number("rope_theta") : 10000;
        try {
            return new DecoderConfig(name, layers, hidden, heads, kvHeads, intermediate, vocab, maxContext, tied, norm, ffn,
                    positions, bias, eps, theta);
        } catch (InputException e) {
            throw new InputException(source + ": " + e.getMessage());
        }
    }

    private static String stripYaml(String n) {
        return n.replaceFirst("\\.(ya?ml)$", "");
    }

    /** Typed reads naming the file and field in every error. */
    private record Fields(String source, Map<?, ?> map) {
        boolean has(String k) { return map.get(k) != null; }

        InputException error(String k, String problem) {
            return new InputException(source + ": field '" + k + "': " + problem);
        }

        Object raw(String k) {
            Object v = map.get(k);
            if (v == null) throw error(k, "missing (required)");
            return v;
        }

        String string(String k) {
            Object v = raw(k);
            if (v instanceof Map || v instanceof List) throw error(k, "expected a string");
            return v.toString();
        }

        int integer(String k) {
            Object v = raw(k);
            if (v instanceof Integer i) {
                if (i < 1) throw error(k, "must be >= 1 (got " + i + ")");
                return i;
            }
            throw error(k, "expected a positive integer, got '" + v + "'");
        }

        double number(String k) {
            Object v = raw(k);
            if (v instanceof Number n) return n.doubleValue();
            try {
                return Double.parseDouble(v.toString());
            } catch (NumberFormatException e) {
                throw error(k, "expected a number, got '" + v + "'");
            }
        }

        boolean bool(String k) {
            Object v = raw(k);
            if (v instanceof Boolean b) return b;
            throw error(k, "expected true or false, got '" + v + "'");
        }

        <E extends Enum<E>> E choice(String k, Class<E> type, E fallback) {
            if (!has(k)) return fallback;
            String v = string(k).toUpperCase(Locale.ROOT);
            for (E e : type.getEnumConstants()) if (e.name().equals(v)) return e;
            StringBuilder allowed = new StringBuilder();
            for (E e : type.getEnumConstants()) allowed.append(allowed.length() == 0 ? "" : " | ").append(e.name().toLowerCase(Locale.ROOT));
            throw error(k, "expected " + allowed + ", got '" + string(k) + "'");
        }
    }
}
