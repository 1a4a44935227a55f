package org.nxm.fuzz;

/**
 * How much fuzzing a run does. CI runs a few thousand inputs per reader (seconds each);
 * {@code mvn -B test -pl fuzz -am -Dfuzz.iterations=100000} runs as many as asked, {@code -Dfuzz.seed=} changes the
 * mutation sequence, {@code -Dfuzz.limitMillis=} the per-input time limit (10 s).
 */
final class FuzzSettings {
    private FuzzSettings() {}

    /** Inputs per reader: -Dfuzz.iterations, else the reader's CI default. */
    static int iterations(int ciDefault) {
        String v = System.getProperty("fuzz.iterations", "").trim();
        return v.isEmpty() ? ciDefault : Integer.parseInt(v);
    }

    static long seed() {
        String v = System.getProperty("fuzz.seed", "").trim();
        return v.isEmpty() ? 21L : Long.parseLong(v);
    }

    static long limitMillis() {
        String v = System.getProperty("fuzz.limitMillis", "").trim();
        return v.isEmpty() ? 10_000L : Long.parseLong(v);
    }
}
