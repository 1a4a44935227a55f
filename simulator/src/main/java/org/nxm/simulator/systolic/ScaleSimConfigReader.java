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
import org.nxm.model.io.InputFiles;

/**
 * Reads SCALE-Sim's {@code .cfg} (an INI file: sections {@code [general]}, {@code [architecture_presets]},
 * {@code [run_presets]}; {@code key: value} or {@code key = value}; keys case-insensitive as in
 * Python's configparser). Every error is one line naming the file, the line and the field.
 */
public final class ScaleSimConfigReader {
    /** Limits beyond any real array (TPU v4: 128x128, 32 MiB), so that no size sizes an allocation or overflows a count. */
    public static final int MAX_ARRAY_DIM = 1 << 16;
    public static final int MAX_SRAM_KB = 1 << 20;
    public static final int MAX_BANDWIDTH = 1 << 20;
    public static final long MAX_OFFSET = 1L << 48;

    private ScaleSimConfigReader() {}

    private record Entry(String value, int line) {}

    public static SystolicConfig read(Path file) {
        List<String> lines = InputFiles.decode(InputFiles.readBytes(file, "config file", 1 << 20), file.toString()).lines().toList();
        Map<String, Map<String, Entry>> sections = new HashMap<>();
        Map<String, Integer> sectionLine = new HashMap<>();
        String section = null;
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            String s = raw.strip();
            if (i == 0 && s.startsWith("\uFEFF")) s = s.substring(1);
            if (s.isEmpty() || s.startsWith("#") || s.startsWith(";")) continue;
            if (s.startsWith("[")) {
                if (!s.endsWith("]")) throw InputException.at(file + ":" + (i + 1), "malformed section header " + InputException.quote(s));
                section = s.substring(1, s.length() - 1).strip().toLowerCase(Locale.ROOT);
                sections.putIfAbsent(section, new HashMap<>());
                sectionLine.putIfAbsent(section, i + 1);
                continue;
            }
            int sep = firstSeparator(s);
            if (sep < 0) throw InputException.at(file + ":" + (i + 1), "expected 'key: value', got " + InputException.quote(s));
            if (section == null) throw InputException.at(file + ":" + (i + 1), "key outside any [section]");
            String key = s.substring(0, sep).strip().toLowerCase(Locale.ROOT);
            sections.get(section).put(key, new Entry(s.substring(sep + 1).strip(), i + 1));
        }
        Fields f = new Fields(file, sections, sectionLine);
        String runName = f.optional("general", "run_name", "scale_run");
        int rows = f.positiveInt("architecture_presets", "ArrayHeight", MAX_ARRAY_DIM);
        int cols = f.positiveInt("architecture_presets", "ArrayWidth", MAX_ARRAY_DIM);
        int ifKb = f.positiveInt("architecture_presets", "IfmapSramSzkB", MAX_SRAM_KB);
        int fiKb = f.positiveInt("architecture_presets", "FilterSramSzkB", MAX_SRAM_KB);
        int ofKb = f.positiveInt("architecture_presets", "OfmapSramSzkB", MAX_SRAM_KB);
        long ifOff = f.optionalLong("architecture_presets", "IfmapOffset", 0);
        long fiOff = f.optionalLong("architecture_presets", "FilterOffset", 10_000_000);
        long ofOff = f.optionalLong("architecture_presets", "OfmapOffset", 20_000_000);
        String runNameProblem = RunName.problem(runName);
        if (runNameProblem != null) {
            Entry e = f.find("general", "run_name");
            throw InputException.at(file + ":" + (e == null ? 1 : e.line), "run_name: " + runNameProblem);
        }
        Entry dfEntry = f.require("architecture_presets", "Dataflow");
        Dataflow df = Dataflow.parseOrNull(dfEntry.value);
        if (df == null)
            throw InputException.at(file + ":" + dfEntry.line, "Dataflow: expected os, ws or is, got " + InputException.quote(dfEntry.value));
        Entry mode = f.require("run_presets", "InterfaceBandwidth");
        int bw;
        switch (mode.value.toUpperCase(Locale.ROOT)) {
            case "CALC" -> bw = 0;
            case "USER" -> {
                Entry b = f.require("architecture_presets", "Bandwidth");
                // SCALE-Sim accepts a comma list and uses the first value for all three SRAMs.
                String first = b.value.split(",")[0].strip();
                bw = parsePositive(file, b.line, "Bandwidth", first, MAX_BANDWIDTH);
            }
            default -> throw InputException.at(file + ":" + mode.line,
                    "InterfaceBandwidth: expected USER or CALC, got " + InputException.quote(mode.value));
        }
        return new SystolicConfig(runName, rows, cols, ifKb, fiKb, ofKb, ifOff, fiOff, ofOff, df, bw);
    }

    private static int firstSeparator(String s) {
        int a = s.indexOf(':'), b = s.indexOf('=');
        if (a < 0) return b;
        if (b < 0) return a;
        return Math.min(a, b);
    }

    private static int parsePositive(Path file, int line, String field, String text, int max) {
        long v;
        try {
            v = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw InputException.at(file + ":" + line, field + ": expected a positive integer, got " + InputException.quote(text));
        }
        if (v <= 0 || v > max)
            throw InputException.at(file + ":" + line, field + ": expected an integer from 1 to " + max + ", got " + v);
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

        int positiveInt(String section, String key, int max) {
            Entry e = require(section, key);
            return parsePositive(file, e.line, key, e.value, max);
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
                // addresses are offset + index: keep them far from overflow
                if (v < 0 || v > MAX_OFFSET) throw new NumberFormatException();
                return v;
            } catch (NumberFormatException ex) {
                throw InputException.at(file + ":" + e.line, key + ": expected an integer from 0 to " + MAX_OFFSET + ", got " + InputException.quote(e.value));
            }
        }
    }
}
