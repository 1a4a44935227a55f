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
        if (v instanceof Map || v instanceof List) throw error(key, "expected a string, got a " + kind(v));
        return v.toString();
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
        try {
            return Double.parseDouble(v.toString().replace("_", ""));
        } catch (NumberFormatException e) {
            throw error(key, "expected a number, got '" + v + "'");
        }
    }

    double positive(String key) {
        double v = number(key);
        if (!(v > 0) || Double.isInfinite(v)) throw error(key, "must be a positive number (got " + v + ")");
        return v;
    }

    double nonNegative(String key) {
        double v = number(key);
        if (!(v >= 0) || Double.isInfinite(v)) throw error(key, "must be >= 0 (got " + v + ")");
        return v;
    }

    long integer(String key, long min) {
        Object v = raw(key);
        long x;
        if (v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger) {
            x = ((Number) v).longValue();
        } else if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            x = n.longValue();
        } else {
            try {
                x = Long.parseLong(v.toString().replace("_", ""));
            } catch (NumberFormatException e) {
                throw error(key, "expected an integer, got '" + v + "'");
            }
        }
        if (x < min) throw error(key, "must be >= " + min + " (got " + x + ")");
        return x;
    }

    int intValue(String key, int min) {
        long x = integer(key, min);
        if (x > Integer.MAX_VALUE) throw error(key, "too large (got " + x + ")");
        return (int) x;
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
                throw new InputException(source + ": unknown field '" + path(String.valueOf(k)) + "'");
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
