package org.nxm.simulator.sweep;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nxm.model.io.InputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A design-space grid: a base hardware preset and, for each varied hardware parameter, the list of
 * values to try. The sweep runs the cartesian product of the axes.
 *
 * <pre>
 * base: a100                 # preset every point starts from
 * axes:
 *   cores: [4, 16, 64]
 *   dram_bytes_per_cycle: [32, 128]
 * </pre>
 *
 * A scalar instead of a list is a one-value axis. Axis names are validated by the caller against
 * the hardware parameters it knows ({@link #requireAxesIn}), before anything runs.
 */
public record SweepGrid(Path source, String base, LinkedHashMap<String, List<String>> axes) {
    public SweepGrid {
        axes = new LinkedHashMap<>(axes);
    }

    public static SweepGrid load(Path file) {
        org.nxm.model.io.InputFiles.refuseNonRegular(file, "grid file");
        Object root;
        try (Reader r = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InputException(file + ": grid file not found");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read grid file (" + e.getMessage() + ")");
        } catch (org.yaml.snakeyaml.error.YAMLException | IllegalArgumentException e) {
            // IllegalArgumentException: SnakeYAML's decoding of tags such as !!binary
            throw new InputException(file + ": not valid YAML (" + e.getMessage() + ")");
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new InputException(file + ": expected a mapping with keys 'base' and 'axes'");
        }
        for (Object key : map.keySet()) {
            if (!"base".equals(key) && !"axes".equals(key)) {
                throw new InputException(file + ": unknown top-level key " + InputException.quote(String.valueOf(key)) + " (expected 'base' and 'axes')");
            }
        }
        Object baseObj = map.get("base");
        if (baseObj != null && !(baseObj instanceof String b && isPresetOrFile(b))) {
            throw new InputException(file + ": 'base' must be a preset name (one of "
                    + String.join(", ", org.nxm.compiler.hardware.HardwareConfig.PRESETS) + ") or a hardware YAML file, got "
                    + InputException.quote(String.valueOf(baseObj)));
        }
        Object axesObj = map.get("axes");
        if (!(axesObj instanceof Map<?, ?> axesMap) || axesMap.isEmpty()) {
            throw new InputException(file + ": 'axes' must be a non-empty mapping of parameter -> list of values");
        }
        LinkedHashMap<String, List<String>> axes = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : axesMap.entrySet()) {
            String name = String.valueOf(e.getKey());
            List<String> values = new ArrayList<>();
            if (e.getValue() instanceof List<?> list) {
                if (list.isEmpty()) throw new InputException(file + ": axes." + name + ": empty list of values");
                for (Object v : list) values.add(scalar(file, name, v));
            } else {
                values.add(scalar(file, name, e.getValue()));
            }
            if (values.stream().distinct().count() != values.size()) {
                throw new InputException(file + ": axes." + name + ": repeated value in " + values);
            }
            axes.put(name, values);
        }
        return new SweepGrid(file, baseObj == null ? "a100" : (String) baseObj, axes);
    }

    /** What HardwareConfig.resolve accepts: a preset, or the path of an existing file. */
    private static boolean isPresetOrFile(String base) {
        if (org.nxm.compiler.hardware.HardwareConfig.PRESETS.contains(base)) return true;
        try {
            return Files.isRegularFile(Path.of(base));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    private static String scalar(Path file, String axis, Object v) {
        if (v == null || v instanceof Map || v instanceof List) {
            throw new InputException(file + ": axes." + axis + ": expected a number or a word, found " + InputException.quote(String.valueOf(v)));
        }
        String s = String.valueOf(v);
        // a value becomes a YAML scalar of a hardware variant: short and printable
        boolean printable = s.length() <= 100 && s.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c > 0xa0 && Character.isLetterOrDigit(c));
        if (!printable) throw new InputException(file + ": axes." + axis + ": expected a number or a word of at most 100 printable characters, found "
                + InputException.quote(s));
        return s;
    }

    /** Fails before anything runs if an axis is not a known parameter. */
    public void requireAxesIn(java.util.Collection<String> known) {
        for (String axis : axes.keySet()) {
            if (!known.contains(axis)) {
                throw new InputException(source + ": axes." + axis + ": unknown hardware parameter (known: "
                        + String.join(", ", known) + ")");
            }
        }
    }

    /** Number of hardware points, the product of the axis lengths. */
    public long size() {
        long n = 1;
        for (List<String> v : axes.values()) n *= v.size();
        return n;
    }

    /** The cartesian product in a stable order (last axis varies fastest). */
    public List<Map<String, String>> points() {
        List<Map<String, String>> out = new ArrayList<>();
        expand(new ArrayList<>(axes.keySet()), 0, new LinkedHashMap<>(), out);
        return Collections.unmodifiableList(out);
    }

    private void expand(List<String> names, int i, LinkedHashMap<String, String> cur, List<Map<String, String>> out) {
        if (i == names.size()) {
            out.add(Collections.unmodifiableMap(new LinkedHashMap<>(cur)));
            return;
        }
        for (String v : axes.get(names.get(i))) {
            cur.put(names.get(i), v);
            expand(names, i + 1, cur, out);
        }
        cur.remove(names.get(i));
    }
}
