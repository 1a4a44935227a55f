package org.nxm.simulator.systolic;

/**
 * The two SCALE-Sim v2 stall rules in circulation. The reference cases in {@code shared/data/scalesim}
 * were produced by the v2.0.2 release (February 2024); the repository after it changed its stall bookkeeping
 * (commit d78b477, September 2024, and 22f88b1, February 2025: an early prefetch no longer pulls a request's
 * service cycle back; an OFMAP write stall is no longer reduced by one). {@code nxm scalesim} follows the current
 * upstream by default and the release with {@code --scalesim-version 2.0.2}.
 */
public enum ScaleSimVariant {
    V2_0_2(true, 1, "2.0.2"),
    HEAD_2025(false, 0, "upstream");

    final boolean negativeReadOffsets;
    final int ofmapStallBias;

    /** The name {@code --scalesim-version} takes. */
    public final String cliName;

    ScaleSimVariant(boolean negativeReadOffsets, int ofmapStallBias, String cliName) {
        this.negativeReadOffsets = negativeReadOffsets;
        this.ofmapStallBias = ofmapStallBias;
        this.cliName = cliName;
    }

    /** The variant a user names: "2.0.2" (the release) or "upstream" (the current repository); null if neither. */
    public static ScaleSimVariant ofCliName(String name) {
        for (ScaleSimVariant v : values()) if (v.cliName.equalsIgnoreCase(name.trim())) return v;
        return null;
    }
}
