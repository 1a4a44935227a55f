package org.nxm.compiler.hardware;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * YAML mapping of the {@code kernel} section ({@link KernelCosts}); the four fixed costs required, {@code
 * sustained_mma_fraction} optional (written only when below 1, so configs without it keep their digest), unknown keys
 * refused.
 */
final class KernelCostsYaml {
    private KernelCostsYaml() {}

    static final String KEY = "kernel";
    private static final String SUSTAINED = "sustained_mma_fraction";

    /** The section's costs, or {@link KernelCosts#NONE} when the section is absent. */
    static KernelCosts read(YamlFields root) {
        if (!root.has(KEY)) {
            root.allow(KEY);
            return KernelCosts.NONE;
        }
        YamlFields s = root.section(KEY);
        KernelCosts k = new KernelCosts(s.integer("launch_cycles", 0), s.integer("prologue_cycles", 0),
                s.integer("epilogue_cycles", 0), s.integer("wave_sync_cycles", 0),
                s.has(SUSTAINED) ? s.inRange(SUSTAINED, KernelCosts.MIN_FRACTION, 1.0) : 1.0);
        s.rejectUnknown();
        return k;
    }

    static Map<String, Object> write(KernelCosts k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("launch_cycles", k.launchCycles());
        m.put("prologue_cycles", k.prologueCycles());
        m.put("epilogue_cycles", k.epilogueCycles());
        m.put("wave_sync_cycles", k.waveSyncCycles());
        if (k.sustainedMmaFraction() < 1) m.put(SUSTAINED, k.sustainedMmaFraction());
        return m;
    }
}
