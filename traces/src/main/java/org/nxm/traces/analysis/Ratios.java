package org.nxm.traces.analysis;

/** Divisions that stay valid JSON: an undefined ratio is null, never NaN or Infinity. */
final class Ratios {
    private Ratios() {}

    /** a / b, or null when b is 0. */
    static Double of(double a, double b) {
        return b == 0 ? null : a / b;
    }

    /** a / b, or 0 when b is 0 (for shares and utilisations, where 0 of nothing is 0). */
    static double orZero(double a, double b) {
        return b == 0 ? 0 : a / b;
    }
}
