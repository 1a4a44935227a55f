package org.nxm.simulator.systolic;

import org.nxm.compiler.hardware.Dataflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nxm.model.io.InputException;

/**
 * Reads SCALE-Sim's {@code .cfg} (an INI file: sections {@code [general]}, {@code [architecture_presets]},
 * {@code [run_presets]}; {@code key: value} or {@code key = value}; keys case-insensitive as in
 * Python's configparser). Every error is one line naming the file, the line and the field.
 */
public final class ScaleSimConfigReader {
    private ScaleSimConfigReader() {}

    private record Entry(String value, int line) {}

    public static SystolicConfig read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw InputException.at(file, "no such config file");
        } catch (IOException e) {
            throw InputException.at(file, "cannot read (" + e.getMessage() + ")");
        }
        Map<String, Map<String, Entry>> sections = new HashMap<>();
        Map<String, Integer> sectionLine = new HashMap<>();
        String section = null;
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            String s = raw.strip();
            if (i == 0 && s.startsWith("\uFEFF")) s = s.substring(1);
            if (s.isEmpty() || s.startsWith("#") || s.startsWith(";")) continue;
            if (s.startsWith("[")) {
                if (!s.endsWith("]")) throw InputException.at(file + ":" + (i + 1), "malformed section header '" + s + "'");
                section = s.substring(1, s.length() - 1).strip().toLowerCase(Locale.ROOT);
                sections.putIfAbsent(section, new HashMap<>());
                sectionLine.putIfAbsent(section, i + 1);
                continue;
            }
            int sep = firstSeparator(s);
            if (sep < 0) throw InputException.at(file + ":" + (i + 1), "expected 'key: value', got '" + s + "'");
            if (section == null) throw InputException.at(file + ":" + (i + 1), "key outside any [section]");
            String key = s.substring(0, sep).strip().toLowerCase(Locale.ROOT);
            sections.get(section).put(key, new Entry(s.substring(sep + 1).strip(), i + 1));
        }
        Fields f = new Fields(file, sections, sectionLine);
        String runName = f.optional("general", "run_name", "scale_run");
        int rows = f.positiveInt("architecture_presets", "ArrayHeight");
        int cols = f.positiveInt("architecture_presets", "ArrayWidth");
        int ifKb = f.positiveInt("architecture_presets", "IfmapSramSzkB");
        int fiKb = f.positiveInt("architecture_presets", "FilterSramSzkB");
        int ofKb = f.positiveInt("architecture_presets", "OfmapSramSzkB");
        long ifOff = f.optionalLong("architecture_presets", "IfmapOffset", 0);
        long fiOff = f.optionalLong("architecture_presets", "FilterOffset", 10_000_000);
        long ofOff = f.optionalLong("architecture_presets", "OfmapOffset", 20_000_000);
        Entry dfEntry = f.require("architecture_presets", "Dataflow");
        Dataflow df = Dataflow.parseOrNull(dfEntry.value);
        if (df == null)
            throw InputException.at(file + ":" + dfEntry.line, "Dataflow: expected os, ws or is, got '" + dfEntry.value + "'");
        Entry mode = f.require("run_presets", "InterfaceBandwidth");
        int bw;
        switch (mode.value.toUpperCase(Locale.ROOT)) {
            case "CALC" -> bw = 0;
            case "USER" -> {
                Entry b = f.require("architecture_presets", "Bandwidth");
                // SCALE-Sim accepts a comma list and uses the first value for all three SRAMs.
                String first = b.value.split(",")[0].strip();
                bw = parsePositive(file, b.line, "Bandwidth", first);
            }
            default -> throw InputException.at(file + ":" + mode.line,
                    "InterfaceBandwidth: expected USER or CALC, got '" + mode.value + "'");
        }
        return new SystolicConfig(runName, rows, cols, ifKb, fiKb, ofKb, ifOff, fiOff, ofOff, df, bw);
    }

    private static int firstSeparator(String s) {
        int a = s.indexOf(':'), b = s.indexOf('=');
        if (a < 0) return b;
        if (b < 0) return a;
        return Math.min(a, b);
    }

    private static int parsePositive(Path file, int line, String field, String text) {
        long v;
        try {
            v = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw InputException.at(file + ":" + line, field + ": expected a positive integer, got '" + text + "'");
        }
        if (v <= 0 || v > Integer.MAX_VALUE)
            throw InputException.at(file + ":" + line, field + ": expected a positive integer, got " + v);
        return (int) v;
    }

    private record Fields(Path file, Map<String, Map<String, Entry>> sections, Map<String, Integer> sectionLine) {
        Entry find(String section, String key) {
            Map<String, Entry> s = sections.get(section);
            return s == null ? null : s.get(key.toLowerCase(Locale.ROOT));
        }

        Entry require(String section, String key) {
            Entry e = find(section, key);
            if (e == null) {
                Integer at = sectionLine.get(section);
                String where = at == null ? file + "" : file + ":" + at;
                throw InputException.at(where, "[" + section + "] has no " + key + " (required)");
            }
            if (e.value.isEmpty()) throw InputException.at(file + ":" + e.line, key + ": empty value");
            return e;
        }

        int positiveInt(String section, String key) {
            Entry e = require(section, key);
            return parsePositive(file, e.line, key, e.value);
        }

        String optional(String section, String key, String dflt) {
            Entry e = find(section, key);
            return e == null || e.value.isEmpty() ? dflt : e.value;
        }

        long optionalLong(String section, String key, long dflt) {
            Entry e = find(section, key);
            if (e == null) return dflt;
            try {
                long v = Long.parseLong(e.value);
                if (v < 0) throw new NumberFormatException();
                return v;
            } catch (NumberFormatException ex) {
                throw InputException.at(file + ":" + e.line, key + ": expected a non-negative integer, got '" + e.value + "'");
            }
        }
    }
}
