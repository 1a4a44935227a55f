package org.nxm.simulator.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.model.io.InputException;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Builds hardware design points from a base config and dotted-path overrides of its YAML keys
 * ({@code cores}, {@code clock_hz}, {@code dram.bytes_per_cycle}, {@code shared.capacity_bytes},
 * {@code mma.k}, ...). Going through the YAML form means every variant is validated exactly like a
 * user's hardware file, and any field of the config can be swept without a second list of names.
 */
public final class HardwareVariants {
    private final HardwareConfig base;
    private final Map<String, Object> baseTree;

    public HardwareVariants(HardwareConfig base) {
        this.base = base;
        this.baseTree = parseTree(base.toYaml());
    }

    public HardwareConfig base() {
        return base;
    }

    /** Every sweepable key: the base config's scalar leaves as dotted paths, plus the sparse patterns list. */
    public List<String> parameters() {
        TreeSet<String> out = new TreeSet<>();
        collect("", baseTree, out);
        out.remove("name");
        out.remove("description");
        out.add("sparse_patterns");
        // DRAM bandwidth may be given per second, as in the presets' YAML, instead of per cycle.
        if (out.contains("dram.bytes_per_cycle")) out.add("dram.bytes_per_second");
        return new ArrayList<>(out);
    }

    private static void collect(String prefix, Map<String, Object> tree, TreeSet<String> out) {
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue() instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked") Map<String, Object> sub = (Map<String, Object>) m;
                collect(path, sub, out);
            } else if (!(e.getValue() instanceof List)) {
                out.add(path);
            }
        }
    }

    /**
     * The base with {@code overrides} applied; named {@code base-name} plus a short suffix.
     * A value that does not fit its field fails with the field's own validation message, prefixed by
     * {@code source} (the grid file).
     */
    public HardwareConfig with(Map<String, String> overrides, String source) {
        Map<String, Object> tree = deepCopy(baseTree);
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            set(tree, e.getKey(), e.getValue(), source);
        }
        tree.put("name", base.name() + variantSuffix(overrides));
        // bytes_per_second and bytes_per_cycle are alternatives for DRAM: keep only the overridden one.
        if (tree.get("dram") instanceof Map<?, ?> dram) {
            if (overrides.containsKey("dram.bytes_per_second")) dram.remove("bytes_per_cycle");
            if (overrides.containsKey("dram.bytes_per_cycle")) dram.remove("bytes_per_second");
        }
        String yaml = new Yaml(dumperOptions()).dump(tree);
        try {
            return HardwareConfig.parse(yaml, source + " point " + overrides);
        } catch (InputException e) {
            throw new InputException(source + ": point " + overrides + ": " + e.getMessage());
        }
    }

    static String variantSuffix(Map<String, String> overrides) {
        if (overrides.isEmpty()) return "";
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String key = e.getKey().substring(e.getKey().lastIndexOf('.') + 1);
            sb.append('-').append(key).append(e.getValue());
        }
        return sb.toString().replace(' ', '_');
    }

    @SuppressWarnings("unchecked")
    private static void set(Map<String, Object> tree, String path, String value, String source) {
        String[] parts = path.split("\\.");
        Map<String, Object> node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = node.get(parts[i]);
            if (!(child instanceof Map)) {
                throw new InputException(source + ": axes." + path + ": '" + parts[i] + "' is not a section of the base hardware");
            }
            node = (Map<String, Object>) child;
        }
        String leaf = parts[parts.length - 1];
        if (leaf.equals("sparse_patterns")) {
            List<String> pats = new ArrayList<>();
            for (String p : value.split("[ ;/]+")) if (!p.isBlank() && !p.equals("none")) pats.add(p);
            node.put(leaf, pats);
            return;
        }
        node.put(leaf, scalar(value));
    }

    /** YAML-typed scalar: numbers stay numbers so the config's type checks apply. */
    private static Object scalar(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException ignored) {
            // not an integer
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException ignored) {
            return v;
        }
    }

    private static Map<String, Object> parseTree(String yaml) {
        Object o = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) o;
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map<?, ?> sub) v = deepCopy((Map<String, Object>) sub);
            else if (v instanceof List<?> l) v = new ArrayList<>(l);
            out.put(e.getKey(), v);
        }
        return out;
    }

    private static DumperOptions dumperOptions() {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return o;
    }
}
