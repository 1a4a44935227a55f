package org.nxm.compiler.hardware;

import org.nxm.model.io.InputException;

/**
 * The plausibility limits a hardware file is read against. They are far beyond any real part (an H100 has 132
 * cores, 4 tensor cores each, 3.35 TB/s of DRAM) and exist so that a typo or a hostile value is refused where it is
 * read, with the field named, instead of sizing an allocation, overflowing a cycle count or making a simulated run
 * last for ever. compiler/README.md lists them.
 */
final class HardwareLimits {
    static final double MIN_CLOCK_HZ = 1e3;
    static final double MAX_CLOCK_HZ = 1e12;
    static final int MAX_CORES = 1 << 16;
    /** Tensor cores per core, SRAM banks, DRAM channels. */
    static final int MAX_UNITS = 1 << 10;
    /** MMA shape and systolic rows/columns. */
    static final int MAX_DIM = 1 << 12;
    static final int MAX_LATENCY = 1_000_000;
    static final long MAX_BYTES = 1L << 44;
    /** Systolic SRAM sizes in KiB (1 GiB). */
    static final long MAX_SRAM_KB = 1L << 20;
    /** Bytes (or elements) per cycle: the slowest rate keeps a simulated run within the engines' 2^37 cycles. */
    static final double MIN_RATE = 1e-2;
    static final double MAX_RATE = 1e9;
    /** The name is recorded in trace headers and reports. */
    static final int MAX_NAME = 200;
    static final int MAX_DESCRIPTION = 4000;

    private HardwareLimits() {}

    static double rate(YamlFields f, String key) {
        return f.inRange(key, MIN_RATE, MAX_RATE);
    }

    /** A rate computed from the field (bytes_per_second / clock_hz). */
    static void checkRate(YamlFields f, String key, double perCycle) {
        if (!(perCycle >= MIN_RATE && perCycle <= MAX_RATE))
            throw f.error(key, "gives " + perCycle + " per cycle at this clock; expected " + MIN_RATE + " to " + MAX_RATE);
    }

    static String text(YamlFields f, String key, String value, int max) {
        if (value.length() > max) throw f.error(key, "at most " + max + " characters (got " + value.length() + ")");
        for (int i = 0; i < value.length(); i++)
            if (Character.isISOControl(value.charAt(i)) && value.charAt(i) != '\n' || !Character.isDefined(value.charAt(i)))
                throw f.error(key, "control or undefined character U+" + String.format("%04X", (int) value.charAt(i))
                        + " at position " + i);
        return value;
    }

    /** SRAM KiB: bounded, and a whole number of KiB of words of the dtype (the SCALE-Sim model counts words). */
    static long sramKb(YamlFields f, String key, int wordBytes) {
        long kb = f.integer(key, 1, MAX_SRAM_KB);
        if (kb % wordBytes != 0) throw f.error(key, kb + " KiB is not a whole number of KiB of " + wordBytes + "-byte words");
        return kb;
    }

    /** DRAM words per cycle; with interface_bandwidth: user SCALE-Sim moves whole words, so it must be an integer. */
    static double dramWords(YamlFields f, String key, HardwareConfig.InterfaceBandwidth ib) {
        double w = f.inRange(key, MIN_RATE, MAX_RATE);
        if (ib == HardwareConfig.InterfaceBandwidth.USER && (w != Math.rint(w) || w < 1))
            throw f.error(key, "expected a whole number of words per cycle >= 1 with interface_bandwidth: user, got " + w);
        return w;
    }

}
