package org.nxm.simulator.systolic;

import java.util.Locale;

/**
 * How a GEMM OFMAP[M×N] = IFMAP[M×K]·FILTER[K×N] is laid on an R×C array. Each dataflow fixes which
 * GEMM dimension goes on the rows (Sr), which on the columns (Sc) and which streams in time (T).
 */
public enum Dataflow {
    /** Output stationary: M on rows, N on columns, K streams. */
    OS,
    /** Weight stationary: K on rows, N on columns, M streams. */
    WS,
    /** Input stationary: K on rows, M on columns, N streams. */
    IS;

    /** SCALE-Sim's spelling ("os", "ws", "is"); null when unknown. */
    public static Dataflow parseOrNull(String text) {
        if (text == null) return null;
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "os" -> OS;
            case "ws" -> WS;
            case "is" -> IS;
            default -> null;
        };
    }

    public String scaleSimName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
