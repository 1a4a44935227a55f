package org.nxm.compiler.hardware;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nxm.model.io.InputException;

/**
 * Typed, validated reads from one YAML mapping. Every error is one line naming the source file and
 * the dotted field path (e.g. {@code my.yaml: field 'shared.capacity_bytes': expected ...}).
 */
final class YamlFields {
    private final String source;
    private final String prefix;
    private final Map<?, ?> map;
    private final Set<String> read = new LinkedHashSet<>();

    YamlFields(String source, String prefix, Map<?, ?> map) {
        this.source = source;
        this.prefix = prefix;
        this.map = map;
    }

    String path(String key) { return prefix.isEmpty() ? key : prefix + "." + key; }

    InputException error(String key, String problem) {
        return new InputException(source + ": field '" + path(key) + "': " + problem);
    }

    boolean has(String key) {
        return map.containsKey(key) && map.get(key) != null;
    }

    private Object raw(String key) {
        read.add(key);
        Object v = map.get(key);
        if (v == null) throw error(key, "missing (required)");
        return v;
    }

    String string(String key) {
        Object v = raw(key);
        if (v instanceof Map || v instanceof List || v instanceof byte[]) throw error(key, "expected a string, got a " + kind(v));
        String s = v.toString();
        // the config is written back as YAML (digest, hw show): only characters YAML can print
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean printable = c == '\t' || c == '\n' || c >= 0x20 && c <= 0x7e || c == 0x85 || c >= 0xa0 && c <= 0xd7ff
                    || c >= 0xe000 && c <= 0xfffd;
            if (!printable) throw error(key, String.format("character U+%04X at position %d cannot be written back as YAML", (int) c, i));
        }
        return s;
    }

    String string(String key, String fallback) {
        return has(key) ? string(key) : mark(key, fallback);
    }

    private <T> T mark(String key, T fallback) {
        read.add(key);
        return fallback;
    }

    double number(String key) {
        Object v = raw(key);
        if (v instanceof Number n) return n.doubleValue();
        if (!(v instanceof String)) throw error(key, "expected a number, got a " + kind(v));
        try {
            return Double.parseDouble(v.toString().replace("_", ""));
        } catch (NumberFormatException e) {
            throw error(key, "expected a number, got " + InputException.quote(v.toString()));
        }
    }

    double positive(String key) {
        double v = number(key);
        if (!(v > 0) || Double.isInfinite(v)) throw error(key, "must be a positive number (got " + v + ")");
        return v;
    }

    /** A finite number in [0, 1e15]: products of these (energy x bytes, area x units) must stay finite. */
    double nonNegative(String key) {
        double v = number(key);
        if (!(v >= 0) || Double.isInfinite(v)) throw error(key, "must be >= 0 (got " + v + ")");
        if (v > 1e15) throw error(key, "must be at most 1e15 (got " + v + ")");
        return v;
    }

    long integer(String key, long min) {
        Object v = raw(key);
        long x;
        if (v instanceof Integer || v instanceof Long) {
            x = ((Number) v).longValue();
        } else if (v instanceof java.math.BigInteger b) {
            // longValue() would keep the low 64 bits: 2^64 + 1 must not become 1
            if (b.bitLength() > 63) throw error(key, "must be >= " + min + " and at most " + Long.MAX_VALUE + " (got " + b + ")");
            x = b.longValue();
        } else if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) < 0x1p62) {
            x = n.longValue();
        } else {
            try {
                x = Long.parseLong(v.toString().replace("_", ""));
            } catch (NumberFormatException e) {
                throw error(key, "expected an integer, got " + InputException.quote(v.toString()));
            }
        }
        if (x < min) throw error(key, "must be >= " + min + " (got " + x + ")");
        return x;
    }

    /** An integer in [min, max]; max is the reader's documented plausibility limit (see compiler/README.md). */
    long integer(String key, long min, long max) {
        long x = integer(key, min);
        if (x > max) throw error(key, "must be at most " + max + " (got " + x + ")");
        return x;
    }

    int intValue(String key, int min) {
        return intValue(key, min, Integer.MAX_VALUE);
    }

    int intValue(String key, int min, int max) {
        return (int) integer(key, min, max);
    }

    /** A finite number in [min, max]: rates and sizes outside it make cycle counts overflow or vanish. */
    double inRange(String key, double min, double max) {
        double v = number(key);
        if (!(v >= min && v <= max)) throw error(key, "must be a number in [" + min + ", " + max + "] (got " + v + ")");
        return v;
    }

    List<?> list(String key) {
        Object v = raw(key);
        if (!(v instanceof List<?> l)) throw error(key, "expected a list, got a " + kind(v));
        return l;
    }

    YamlFields section(String key) {
        Object v = raw(key);
        if (!(v instanceof Map<?, ?> m)) throw error(key, "expected a mapping, got a " + kind(v));
        return new YamlFields(source, path(key), m);
    }

    /** Refuses keys this reader never asked for: a misspelt field must not be silently ignored. */
    void rejectUnknown() {
        for (Object k : map.keySet()) {
            if (!read.contains(String.valueOf(k))) {
                throw new InputException(source + ": unknown field " + InputException.quote(path(String.valueOf(k))));
            }
        }
    }

    void allow(String... keys) {
        for (String k : keys) read.add(k);
    }

    private static String kind(Object v) {
        if (v instanceof Map) return "mapping";
        if (v instanceof List) return "list";
        return v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
}
