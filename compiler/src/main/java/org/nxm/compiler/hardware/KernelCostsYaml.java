package org.nxm.compiler.hardware;

import java.util.LinkedHashMap;
import java.util.Map;

/** YAML mapping of the {@code kernel} section ({@link KernelCosts}); every entry required, unknown keys refused. */
final class KernelCostsYaml {
    private KernelCostsYaml() {}

    static final String KEY = "kernel";

    /** The section's costs, or {@link KernelCosts#NONE} when the section is absent. */
    static KernelCosts read(YamlFields root) {
        if (!root.has(KEY)) {
            root.allow(KEY);
            return KernelCosts.NONE;
        }
        YamlFields s = root.section(KEY);
        KernelCosts k = new KernelCosts(s.integer("launch_cycles", 0), s.integer("prologue_cycles", 0),
                s.integer("epilogue_cycles", 0), s.integer("wave_sync_cycles", 0));
        s.rejectUnknown();
        return k;
    }

    static Map<String, Object> write(KernelCosts k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("launch_cycles", k.launchCycles());
        m.put("prologue_cycles", k.prologueCycles());
        m.put("epilogue_cycles", k.epilogueCycles());
        m.put("wave_sync_cycles", k.waveSyncCycles());
        return m;
    }
}
